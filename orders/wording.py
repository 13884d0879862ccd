"""The text of orders and extracts in Kazakh and Russian, the two languages orders are issued in.

Kept as data here rather than in the interface catalogues: it is the wording of a legal document
(GLOSSARY.md terms), fixed per language whatever the reader's interface language, and the PDF
must come out right even before the interface translations are filled in.
"""

from .choices import ExpulsionGround, LeaveGround, OrderType, TransferKind

DOCUMENT_LANGUAGES = ("kk", "ru")

LABELS = {
    "kk": {
        "order": "БҰЙРЫҚ",
        "extract": "БҰЙРЫҚТАН ҮЗІНДІ",
        "draft": "ЖОБА",
        "number": "№",
        "dated": "",
        "orders": "БҰЙЫРАМЫН:",
        "basis": "Негіздеме",
        "in_force": "Бұйрық {date} бастап күшіне енеді.",
        "col_no": "№",
        "col_name": "Тегі, аты, әкесінің аты",
        "col_iin": "ЖСН",
        "col_programme": "Білім беру бағдарламасы",
        "col_year": "Курс",
        "col_group": "Топ",
        "col_details": "Мәліметтер",
        "rector": "Ректор",
        "head": "Тіркеу офисінің басшысы",
        "extract_true": "Үзінді дұрыс",
        "item": "{n}-тармақ",
        "year": "{n} курс",
        "group": "{name} тобы",
        "honours": "үздік диплом",
        "attestation": "ҚАК шешімі {date}, № {minutes} хаттама",
        "from_university": "{name} оқу орнынан",
        "to_university": "{name} оқу орнына",
        "leave_period": "{start} бастап {until} дейін",
        "document": "негіздеме: {document}",
        "cancelled_item": "{date} № {number} бұйрықтың {n}-тармағы",
        "year_change": "{before} курстан {after} курсқа",
    },
    "ru": {
        "order": "ПРИКАЗ",
        "extract": "ВЫПИСКА ИЗ ПРИКАЗА",
        "draft": "ПРОЕКТ",
        "number": "№",
        "dated": "от",
        "orders": "ПРИКАЗЫВАЮ:",
        "basis": "Основание",
        "in_force": "Приказ вступает в силу с {date}.",
        "col_no": "№",
        "col_name": "Фамилия, имя, отчество",
        "col_iin": "ИИН",
        "col_programme": "Образовательная программа",
        "col_year": "Курс",
        "col_group": "Группа",
        "col_details": "Сведения",
        "rector": "Ректор",
        "head": "Руководитель офиса регистратора",
        "extract_true": "Выписка верна",
        "item": "пункт {n}",
        "year": "{n} курс",
        "group": "группа {name}",
        "honours": "диплом с отличием",
        "attestation": "решение ИАК от {date}, протокол № {minutes}",
        "from_university": "из {name}",
        "to_university": "в {name}",
        "leave_period": "с {start} по {until}",
        "document": "основание: {document}",
        "cancelled_item": "пункт {n} приказа № {number} от {date}",
        "year_change": "с {before} на {after} курс",
    },
}

TITLES = {
    OrderType.ENROLMENT: ("Оқуға қабылдау туралы", "О зачислении"),
    OrderType.PROMOTION: ("Келесі курсқа көшіру туралы", "О переводе на следующий курс"),
    OrderType.REPEAT_YEAR: ("Қайта оқуға қалдыру туралы", "Об оставлении на повторный курс"),
    OrderType.TRANSFER: ("Ауыстыру туралы", "О переводе"),
    OrderType.ACADEMIC_LEAVE: ("Академиялық демалыс беру туралы", "О предоставлении академического отпуска"),
    OrderType.RETURN_FROM_LEAVE: ("Академиялық демалыстан шығу туралы", "О выходе из академического отпуска"),
    OrderType.REINSTATEMENT: ("Қайта қабылдау туралы", "О восстановлении"),
    OrderType.EXPULSION: ("Оқудан шығару туралы", "Об отчислении"),
    OrderType.FUNDING_CHANGE: ("Оқу негізін өзгерту туралы", "Об изменении основы обучения"),
    OrderType.NAME_CHANGE: ("Тегін, атын, әкесінің атын өзгерту туралы", "Об изменении фамилии, имени, отчества"),
    OrderType.GRADUATION: ("Бітіру туралы", "О выпуске"),
    OrderType.CANCELLATION: ("Бұйрықтың күшін жою туралы", "Об отмене приказа"),
}

# What the order decrees, before the list of students.
PREAMBLES = {
    OrderType.ENROLMENT: (
        "Келесі тұлғалар білім алушылар қатарына қабылдансын:",
        "Зачислить в число обучающихся следующих лиц:",
    ),
    OrderType.PROMOTION: (
        "Келесі білім алушылар келесі курсқа көшірілсін:",
        "Перевести на следующий курс следующих обучающихся:",
    ),
    OrderType.REPEAT_YEAR: (
        "Келесі білім алушылар ақылы негізде қайта оқуға қалдырылсын:",
        "Оставить на повторный курс обучения на платной основе следующих обучающихся:",
    ),
    OrderType.TRANSFER: ("Келесі білім алушылар ауыстырылсын:", "Перевести следующих обучающихся:"),
    OrderType.ACADEMIC_LEAVE: (
        "Келесі білім алушыларға академиялық демалыс берілсін:",
        "Предоставить академический отпуск следующим обучающимся:",
    ),
    OrderType.RETURN_FROM_LEAVE: (
        "Академиялық демалыстан шығуына байланысты келесі білім алушылар сабаққа жіберілсін:",
        "Допустить к занятиям в связи с выходом из академического отпуска следующих обучающихся:",
    ),
    OrderType.REINSTATEMENT: (
        "Келесі тұлғалар білім алушылар қатарына қайта қабылдансын:",
        "Восстановить в число обучающихся следующих лиц:",
    ),
    OrderType.EXPULSION: (
        "Келесі тұлғалар білім алушылар қатарынан шығарылсын:",
        "Отчислить из числа обучающихся следующих лиц:",
    ),
    OrderType.FUNDING_CHANGE: (
        "Келесі білім алушылардың оқу негізі өзгертілсін:",
        "Изменить основу обучения следующим обучающимся:",
    ),
    OrderType.NAME_CHANGE: (
        "Тегінің, атының, әкесінің атының өзгеруіне байланысты келесі білім алушылардың жеке деректеріне "
        "өзгерістер енгізілсін:",
        "Внести изменения в личные данные следующих обучающихся в связи с изменением фамилии, имени, отчества:",
    ),
    OrderType.GRADUATION: (
        "Келесі білім алушылар университетті бітірді деп есептелсін және оларға академиялық дәреже берілсін:",
        "Считать окончившими университет и присвоить академическую степень следующим обучающимся:",
    ),
    OrderType.CANCELLATION: (
        "{date} № {number} бұйрықтың келесі білім алушыларға қатысты күші жойылсын:",
        "Отменить приказ № {number} от {date} в отношении следующих обучающихся:",
    ),
}

CHOICES = {
    "funding": {
        "grant": ("мемлекеттік грант", "государственный грант"),
        "paid": ("ақылы оқу", "платное обучение"),
        "other": ("басқа", "иное"),
    },
    "study_form": {"full_time": ("күндізгі", "очная"), "distance": ("қашықтықтан", "дистанционная")},
    "language": {
        "kk": ("қазақ тілі", "казахский язык"),
        "ru": ("орыс тілі", "русский язык"),
        "en": ("ағылшын тілі", "английский язык"),
    },
    "leave_ground": {
        LeaveGround.MEDICAL: ("ауруына байланысты (ДКК қорытындысы)", "по болезни (заключение ВКК)"),
        LeaveGround.TUBERCULOSIS: ("туберкулез ауруына байланысты", "по болезни (туберкулёз)"),
        LeaveGround.MILITARY: ("әскери қызметке шақырылуына байланысты", "в связи с призывом на воинскую службу"),
        LeaveGround.CHILD_CARE: (
            "баласы үш жасқа толғанға дейін бала күтіміне байланысты",
            "по уходу за ребёнком до достижения им возраста трёх лет",
        ),
    },
    "expulsion_ground": {
        ExpulsionGround.OWN_WISH: ("өз қалауы бойынша", "по собственному желанию"),
        ExpulsionGround.ACADEMIC_FAILURE: ("академиялық үлгермеушілігі үшін", "за академическую неуспеваемость"),
        ExpulsionGround.ABSENCES: (
            "дәлелді себепсіз 36 және одан көп сағат сабақ босатқаны үшін",
            "за пропуск 36 и более часов занятий без уважительной причины",
        ),
        ExpulsionGround.CONDUCT: (
            "тәртіп немесе академиялық адалдық ережелерін бұзғаны үшін",
            "за нарушение правил поведения или академической честности",
        ),
        ExpulsionGround.NON_PAYMENT: ("оқу ақысын төлемегені үшін", "за неоплату обучения"),
        ExpulsionGround.TRANSFER: (
            "басқа білім беру ұйымына ауысуына байланысты",
            "в связи с переводом в другую организацию образования",
        ),
        ExpulsionGround.DEATH: ("қайтыс болуына байланысты", "в связи со смертью"),
    },
    "kind": {
        TransferKind.INTERNAL: ("университет ішінде", "внутри университета"),
        TransferKind.INCOMING: ("басқа жоғары оқу орнынан", "из другого вуза"),
        TransferKind.OUTGOING: ("басқа жоғары оқу орнына", "в другой вуз"),
    },
}


def _index(lang: str) -> int:
    return DOCUMENT_LANGUAGES.index(lang if lang in DOCUMENT_LANGUAGES else "ru")


def label(lang: str, key: str, **values) -> str:
    text = LABELS[lang if lang in LABELS else "ru"][key]
    return text.format(**values) if values else text


def title(order_type: str, lang: str) -> str:
    return TITLES[order_type][_index(lang)]


def preamble(order, lang: str) -> str:
    text = PREAMBLES[order.order_type][_index(lang)]
    if order.order_type == OrderType.CANCELLATION and order.cancels_id:
        target = order.cancels
        return text.format(number=target.number, date=f"{target.order_date:%d.%m.%Y}")
    return text


def choice(kind: str, value, lang: str) -> str:
    entry = CHOICES.get(kind, {}).get(value)
    return entry[_index(lang)] if entry else str(value or "")
