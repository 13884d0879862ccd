"""Logins from names (no database): Kazakh and Russian Cyrillic in Latin letters, made unique."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrollment.logins import login_base, transliterate, unique_login

CYRILLIC = "абвгғдеёжзийікқлмнңоөпрстуұүфхһцчшщъыьэюяӘҒҚҢӨҰҮҺІАБЕЁЖ"


@pytest.mark.parametrize(
    "cyrillic,latin",
    [
        ("Серікбаев", "serikbayev"),
        ("Жұмабеков", "zhumabekov"),
        ("Нұрсұлтан", "nursultan"),
        ("Құрманғалиев", "kurmangaliyev"),
        ("Әлиева", "aliyeva"),
        ("Ерлан", "yerlan"),
        ("Іңкәр", "inkar"),
        ("Өмірзақ", "omirzak"),
        ("Үсенов", "usenov"),
        ("Һидаят", "hidayat"),
        ("Щукин", "shchukin"),
        ("Хабибуллин", "khabibullin"),
        ("Цой", "tsoy"),
        ("Юлия", "yuliya"),
        ("Артём", "artyom"),
        ("Подъячев", "podyachev"),
        ("Ким", "kim"),
    ],
)
def test_kazakh_and_russian_names_transliterate_as_in_passports(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_latin_letters_lose_their_accents():
    assert transliterate("Şäkirova") == "sakirova"
    assert transliterate("Müller") == "muller"


def test_the_login_is_the_initial_a_dot_and_the_surname():
    assert login_base(first_name="Дәурен", last_name="Серікбаев") == "d.serikbayev"
    assert login_base(first_name="Айгүл", last_name="Нұрланова") == "a.nurlanova"


def test_the_latin_spelling_of_the_documents_wins_over_transliteration():
    assert (
        login_base(first_name="Айгүл", last_name="Нұрланова", first_name_latin="Aigul", last_name_latin="Nurlanova")
        == "a.nurlanova"
    )
    assert login_base(first_name="Мария", last_name="Иванова", last_name_latin="Ivanova-Smith") == "m.ivanovasmith"


def test_a_name_with_nothing_latin_left_still_gets_a_login():
    assert login_base(first_name="", last_name="") == "user"
    assert login_base(first_name="李", last_name="王") == "user"


@given(st.text(alphabet=CYRILLIC + "abcXYZ -'", max_size=30), st.text(alphabet=CYRILLIC + " -", max_size=30))
def test_every_login_is_lower_case_latin_letters_and_at_most_one_dot(first, last):
    login = login_base(first_name=first, last_name=last)
    assert login and login.count(".") <= 1
    assert set(login) <= set("abcdefghijklmnopqrstuvwxyz.")
    assert len(login) <= 144


def test_a_taken_login_gets_the_smallest_free_number():
    assert unique_login("d.serikbayev", set()) == "d.serikbayev"
    assert unique_login("d.serikbayev", {"d.serikbayev"}) == "d.serikbayev2"
    assert unique_login("d.serikbayev", {"d.serikbayev", "d.serikbayev2", "d.serikbayev4"}) == "d.serikbayev3"


@given(st.lists(st.sampled_from(["a.kim", "a.kim2", "b.ivanov", "a.kimm"]), max_size=40))
def test_logins_handed_out_one_after_another_never_repeat(bases):
    taken: set[str] = set()
    given_out = []
    for base in bases:
        login = unique_login(base, taken)
        taken.add(login)
        given_out.append(login)
    assert len(set(given_out)) == len(given_out)
