"""Reading the cells of an admission list (no database): dates, IINs, choices in three languages."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academics.choices import Language, StudyForm
from enrollment.choices import Funding, Sex
from orders.admission_values import (
    FORM_VALUES,
    FUNDING_VALUES,
    LANGUAGE_VALUES,
    SEX_VALUES,
    parse_choice,
    parse_citizenship,
    parse_date,
    parse_iin,
    valid_latin_name,
    valid_name,
)

dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(dates)
def test_a_date_reads_the_same_in_every_way_it_is_written(day):
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.isoformat()} 00:00:00") == day  # an Excel date cell read as text
    assert parse_date(day) == day
    assert parse_date(datetime.datetime.combine(day, datetime.time())) == day


@given(dates)
def test_an_excel_serial_day_number_is_a_date(day):
    assert parse_date(str((day - datetime.date(1899, 12, 30)).days)) == day


@pytest.mark.parametrize("text", ["31.02.2007", "2007/13/01", "вчера", "", "12.05.07", "1.1"])
def test_what_is_not_a_date_is_refused_with_the_format_to_use(text):
    with pytest.raises(ValueError, match="DD.MM.YYYY"):
        parse_date(text)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_twelve_digit_iin_is_kept_as_it_is(iin):
    assert parse_iin(iin) == iin
    assert parse_iin(f" {iin[:6]} {iin[6:]} ") == iin


@given(st.text(alphabet="0123456789", min_size=12, max_size=12).filter(lambda s: s.startswith("0")))
def test_an_iin_that_lost_its_leading_zeros_in_a_number_cell_gets_them_back(iin):
    as_number = str(int(iin))
    if len(as_number) >= 10:
        assert parse_iin(as_number) == iin


@pytest.mark.parametrize("text", ["12345", "12345678901234", "ABC123456789", ""])
def test_other_iin_texts_are_left_for_the_iin_check_to_explain(text):
    assert parse_iin(text) == text


@pytest.mark.parametrize(
    "table,choices",
    [(SEX_VALUES, Sex), (FORM_VALUES, StudyForm), (LANGUAGE_VALUES, Language), (FUNDING_VALUES, Funding)],
)
def test_every_listed_word_and_its_capitalised_form_means_its_code(table, choices):
    for code, words in table.items():
        assert code in choices.values
        for word in (code, *words):
            assert parse_choice(word, table, choices) == code
            assert parse_choice(f"  {word.upper()}. ", table, choices) == code


def test_russian_and_kazakh_words_are_understood():
    assert parse_choice("Очная", FORM_VALUES) == "full_time"
    assert parse_choice("қашықтықтан", FORM_VALUES) == "distance"
    assert parse_choice("Қазақша", LANGUAGE_VALUES) == "kk"
    assert parse_choice("Государственный грант", FUNDING_VALUES) == "grant"
    assert parse_choice("ақылы", FUNDING_VALUES) == "paid"
    assert parse_choice("Әйел", SEX_VALUES) == "F"
    assert parse_choice("Ер", SEX_VALUES) == "M"


@pytest.mark.parametrize("word", ["заочная", "немецкий", "бюджет?", "x"])
def test_unknown_words_are_not_guessed(word):
    tables = (FORM_VALUES, LANGUAGE_VALUES, FUNDING_VALUES, SEX_VALUES)
    assert all(parse_choice(word, table) is None for table in tables)


def test_citizenship_empty_or_kazakhstan_is_kz_a_code_is_kept():
    assert parse_citizenship("") == "KZ"
    assert parse_citizenship(None) == "KZ"
    assert parse_citizenship("Қазақстан") == "KZ"
    assert parse_citizenship("Республика Казахстан") == "KZ"
    assert parse_citizenship("uz") == "UZ"
    with pytest.raises(ValueError, match="two-letter"):
        parse_citizenship("Узбекистан")


def test_names_are_letters_with_spaces_hyphens_and_apostrophes():
    assert valid_name("Құрманғалиева")
    assert valid_name("Әл-Фараби")
    assert valid_name("О'Коннор")
    assert not valid_name("Иванов2")
    assert not valid_name("Иванов--Петров")
    assert valid_latin_name("Serikbayev")
    assert valid_latin_name("Al-Farabi")
    assert not valid_latin_name("Серікбаев")
    assert not valid_latin_name("Serikbayev ")
