"""The demo university's academic structure as plain data (no database, no Django).

`academics.demo_structure` loads faculties, departments, programmes and the discipline
catalogue from here; the curricula seeder builds each programme's curriculum from
`PROGRAMMES`, whose shape is stable:

    PROGRAMMES = {
        "6B06101": {
            "items": [(discipline_code, term, block_code_or_None), ...],
            "blocks": [(block_code, term, choose_count_or_None, choose_credits_or_None), ...],
        },
        ...
    }

Every bachelor term adds up to 30 credits (an elective block counts what the student
chooses), every prerequisite lies in an earlier term, the alternatives of one block have
equal credits, and a prerequisite is never an elective alternative (a student who did not
choose it could not take the later discipline). Names are real Kazakh, Russian and English
names as used in Kazakh universities' catalogues.
"""

from typing import NamedTuple


class Disc(NamedTuple):
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    credits: int
    cycle: str  # OOD / BD / PD / IA
    component: str  # OK / VK / KV
    department: str  # department code
    prerequisites: tuple[str, ...] = ()
    kind: str = "lec"  # lec | lab | lang | pe | practice | research | ia: decides the hours split and control form


FACULTIES = [
    (
        "FIT",
        "Ақпараттық технологиялар және инженерия факультеті",
        "Факультет информационных технологий и инженерии",
        "Faculty of Information Technology and Engineering",
    ),
    ("FEB", "Экономика және бизнес факультеті", "Факультет экономики и бизнеса", "Faculty of Economics and Business"),
    (
        "FPH",
        "Педагогика және гуманитарлық ғылымдар факультеті",
        "Факультет педагогики и гуманитарных наук",
        "Faculty of Pedagogy and Humanities",
    ),
]

# (code, faculty, kk, ru, en)
DEPARTMENTS = [
    (
        "IS",
        "FIT",
        "Ақпараттық жүйелер кафедрасы",
        "Кафедра информационных систем",
        "Department of Information Systems",
    ),
    (
        "CE",
        "FIT",
        "Компьютерлік инженерия және бағдарламалық қамтамасыз ету кафедрасы",
        "Кафедра компьютерной инженерии и программного обеспечения",
        "Department of Computer Engineering and Software",
    ),
    (
        "AU",
        "FIT",
        "Автоматтандыру және басқару кафедрасы",
        "Кафедра автоматизации и управления",
        "Department of Automation and Control",
    ),
    ("EC", "FEB", "Экономика кафедрасы", "Кафедра экономики", "Department of Economics"),
    ("FA", "FEB", "Қаржы және есеп кафедрасы", "Кафедра финансов и учёта", "Department of Finance and Accounting"),
    (
        "MM",
        "FPH",
        "Математика және оны оқыту әдістемесі кафедрасы",
        "Кафедра математики и методики её преподавания",
        "Department of Mathematics and Teaching Methods",
    ),
    ("KF", "FPH", "Қазақ филологиясы кафедрасы", "Кафедра казахской филологии", "Department of Kazakh Philology"),
    ("FL", "FPH", "Шетел тілдері кафедрасы", "Кафедра иностранных языков", "Department of Foreign Languages"),
    (
        "PP",
        "FPH",
        "Педагогика және психология кафедрасы",
        "Кафедра педагогики и психологии",
        "Department of Pedagogy and Psychology",
    ),
    (
        "HS",
        "FPH",
        "Қазақстан тарихы және әлеуметтік-гуманитарлық пәндер кафедрасы",
        "Кафедра истории Казахстана и социально-гуманитарных дисциплин",
        "Department of Kazakhstan History and Social Sciences",
    ),
    (
        "LN",
        "FPH",
        "Қазақ және орыс тілдері кафедрасы",
        "Кафедра казахского и русского языков",
        "Department of Kazakh and Russian Languages",
    ),
    ("PE", "FPH", "Дене шынықтыру кафедрасы", "Кафедра физической культуры", "Department of Physical Education"),
]

_ICT_DEGREE = (
    "Ақпараттық-коммуникациялық технологиялар бакалавры",
    "Бакалавр информационно-коммуникационных технологий",
    "Bachelor of Information and Communication Technologies",
)
_BUSINESS_DEGREE = (
    "Бизнес және басқару бакалавры",
    "Бакалавр бизнеса и управления",
    "Bachelor of Business and Management",
)
_EDUCATION_DEGREE = ("Білім беру бакалавры", "Бакалавр образования", "Bachelor of Education")

# code -> programme fields; "prefix" is the code prefix of the programme's own disciplines,
# "short_code" names its academic groups (ИС-21)
PROGRAMME_INFO = {
    "6B06101": {
        "names": ("Ақпараттық жүйелер", "Информационные системы", "Information Systems"),
        "level": "bachelor",
        "degree": _ICT_DEGREE,
        "faculty": "FIT",
        "department": "IS",
        "languages": ("kk", "ru"),
        "prefix": "INS",
        "short_code": "ИС",
    },
    "6B06102": {
        "names": ("Бағдарламалық инженерия", "Программная инженерия", "Software Engineering"),
        "level": "bachelor",
        "degree": _ICT_DEGREE,
        "faculty": "FIT",
        "department": "CE",
        "languages": ("kk", "ru", "en"),
        "prefix": "SWE",
        "short_code": "ПИ",
    },
    "6B07101": {
        "names": ("Автоматтандыру және басқару", "Автоматизация и управление", "Automation and Control"),
        "level": "bachelor",
        "degree": (
            "Инженерия және инженерлік іс бакалавры",
            "Бакалавр инженерии и инженерного дела",
            "Bachelor of Engineering and Technology",
        ),
        "faculty": "FIT",
        "department": "AU",
        "languages": ("kk", "ru"),
        "prefix": "AUT",
        "short_code": "АУ",
    },
    "6B04101": {
        "names": ("Экономика", "Экономика", "Economics"),
        "level": "bachelor",
        "degree": _BUSINESS_DEGREE,
        "faculty": "FEB",
        "department": "EC",
        "languages": ("kk", "ru"),
        "prefix": "ECO",
        "short_code": "ЭК",
    },
    "6B04102": {
        "names": ("Қаржы", "Финансы", "Finance"),
        "level": "bachelor",
        "degree": _BUSINESS_DEGREE,
        "faculty": "FEB",
        "department": "FA",
        "languages": ("kk", "ru"),
        "prefix": "FIN",
        "short_code": "ФН",
    },
    "6B01501": {
        "names": ("Математика мұғалімдерін даярлау", "Подготовка учителей математики", "Mathematics Teacher Education"),
        "level": "bachelor",
        "degree": _EDUCATION_DEGREE,
        "faculty": "FPH",
        "department": "MM",
        "languages": ("kk", "ru"),
        "prefix": "MTE",
        "short_code": "МАТ",
    },
    "6B01701": {
        "names": (
            "Қазақ тілі мен әдебиеті мұғалімдерін даярлау",
            "Подготовка учителей казахского языка и литературы",
            "Kazakh Language and Literature Teacher Education",
        ),
        "level": "bachelor",
        "degree": _EDUCATION_DEGREE,
        "faculty": "FPH",
        "department": "KF",
        "languages": ("kk",),
        "prefix": "KLL",
        "short_code": "ҚТӘ",
    },
    "7M06101": {
        "names": ("Ақпараттық жүйелер", "Информационные системы", "Information Systems"),
        "level": "master",
        "master_track": "scientific",
        "degree": (
            "Ақпараттық-коммуникациялық технологиялар магистрі",
            "Магистр информационно-коммуникационных технологий",
            "Master of Information and Communication Technologies",
        ),
        "faculty": "FIT",
        "department": "IS",
        "languages": ("kk", "ru"),
        "prefix": "MIS",
        "short_code": "МИС",
    },
}


def _d(code, kk, ru, en, credits, cycle, component, dept, prereqs="", kind="lec"):
    return Disc(code, kk, ru, en, credits, cycle, component, dept, tuple(prereqs.split()) if prereqs else (), kind)


# fmt: off
# General education (ООД), shared by every bachelor programme.
GENERAL = [
    _d("HMK1101", "Қазақстанның қазіргі заман тарихы", "Современная история Казахстана", "Modern History of Kazakhstan", 5, "OOD", "OK", "HS"),  # noqa: E501
    _d("KRL1102", "Қазақ (орыс) тілі 1", "Казахский (русский) язык 1", "Kazakh (Russian) Language 1", 5, "OOD", "OK", "LN", kind="lang"),  # noqa: E501
    _d("FLG1104", "Шетел тілі 1", "Иностранный язык 1", "Foreign Language 1", 5, "OOD", "OK", "FL", kind="lang"),
    _d("ICT1106", "Ақпараттық-коммуникациялық технологиялар (ағылшын тілінде)", "Информационно-коммуникационные технологии (на английском языке)", "Information and Communication Technologies (in English)", 5, "OOD", "OK", "IS", kind="lab"),  # noqa: E501
    _d("PHE1107", "Дене шынықтыру 1", "Физическая культура 1", "Physical Education 1", 5, "OOD", "OK", "PE", kind="pe"),
    _d("KRL1203", "Қазақ (орыс) тілі 2", "Казахский (русский) язык 2", "Kazakh (Russian) Language 2", 5, "OOD", "OK", "LN", "KRL1102", "lang"),  # noqa: E501
    _d("FLG1205", "Шетел тілі 2", "Иностранный язык 2", "Foreign Language 2", 5, "OOD", "OK", "FL", "FLG1104", "lang"),
    _d("SPK1209", "Әлеуметтік-саяси білім модулі (әлеуметтану, саясаттану)", "Модуль социально-политических знаний (социология, политология)", "Socio-Political Knowledge Module (Sociology, Political Science)", 5, "OOD", "OK", "HS"),  # noqa: E501
    _d("PHE1208", "Дене шынықтыру 2", "Физическая культура 2", "Physical Education 2", 5, "OOD", "OK", "PE", "PHE1107", "pe"),  # noqa: E501
    _d("SPK2110", "Әлеуметтік-саяси білім модулі (мәдениеттану, психология)", "Модуль социально-политических знаний (культурология, психология)", "Socio-Political Knowledge Module (Cultural Studies, Psychology)", 5, "OOD", "OK", "HS"),  # noqa: E501
    _d("PHL2111", "Философия", "Философия", "Philosophy", 5, "OOD", "OK", "HS"),
    _d("AKM2112", "Сыбайлас жемқорлыққа қарсы мәдениет және құқық негіздері", "Основы антикоррупционной культуры и права", "Fundamentals of Anti-Corruption Culture and Law", 5, "OOD", "KV", "HS"),  # noqa: E501
    _d("EBZ2113", "Экология және тіршілік қауіпсіздігі", "Экология и безопасность жизнедеятельности", "Ecology and Life Safety", 5, "OOD", "KV", "HS"),  # noqa: E501
    _d("FEE2114", "Экономика және кәсіпкерлік негіздері", "Основы экономики и предпринимательства", "Fundamentals of Economics and Entrepreneurship", 5, "OOD", "KV", "EC"),  # noqa: E501
]

# Basic disciplines shared by the two IT programmes.
IT_BASIC = [
    _d("CSC1101", "Бағдарламалау негіздері", "Основы программирования", "Fundamentals of Programming", 5, "BD", "VK", "CE", kind="lab"),  # noqa: E501
    _d("CSC1202", "Дискретті математика", "Дискретная математика", "Discrete Mathematics", 5, "BD", "VK", "CE"),
    _d("CSC2103", "Алгоритмдер және деректер құрылымдары", "Алгоритмы и структуры данных", "Algorithms and Data Structures", 5, "BD", "VK", "CE", "CSC1101", "lab"),  # noqa: E501
    _d("CSC2104", "Сызықтық алгебра және математикалық талдау", "Линейная алгебра и математический анализ", "Linear Algebra and Calculus", 5, "BD", "VK", "CE"),  # noqa: E501
    _d("CSC2105", "Компьютерлік архитектура", "Архитектура компьютера", "Computer Architecture", 5, "BD", "VK", "CE"),
    _d("CSC2206", "Объектіге бағытталған бағдарламалау", "Объектно-ориентированное программирование", "Object-Oriented Programming", 5, "BD", "VK", "CE", "CSC1101", "lab"),  # noqa: E501
    _d("CSC2207", "Деректер қоры", "Базы данных", "Databases", 5, "BD", "VK", "CE", "CSC1202", "lab"),
    _d("CSC2208", "Операциялық жүйелер", "Операционные системы", "Operating Systems", 5, "BD", "VK", "CE", "CSC2105", "lab"),  # noqa: E501
    _d("CSC3109", "Компьютерлік желілер", "Компьютерные сети", "Computer Networks", 5, "BD", "VK", "CE", "CSC2208", "lab"),  # noqa: E501
    _d("CSC2210", "Ықтималдықтар теориясы және математикалық статистика", "Теория вероятностей и математическая статистика", "Probability Theory and Mathematical Statistics", 5, "BD", "KV", "CE"),  # noqa: E501
    _d("CSC2211", "Веб-технологиялар", "Веб-технологии", "Web Technologies", 5, "BD", "KV", "CE", kind="lab"),
    _d("CSC2212", "Python тілінде бағдарламалау", "Программирование на Python", "Programming in Python", 5, "BD", "KV", "CE", kind="lab"),  # noqa: E501
]

# Basic disciplines shared by the economics programmes.
ECON_BASIC = [
    _d("ECB1101", "Экономистерге арналған математика", "Математика для экономистов", "Mathematics for Economists", 5, "BD", "VK", "EC"),  # noqa: E501
    _d("ECB1202", "Микроэкономика", "Микроэкономика", "Microeconomics", 5, "BD", "VK", "EC"),
    _d("ECB2103", "Макроэкономика", "Макроэкономика", "Macroeconomics", 5, "BD", "VK", "EC", "ECB1202"),
    _d("ECB2104", "Статистика", "Статистика", "Statistics", 5, "BD", "VK", "EC", "ECB1101"),
    _d("ECB2105", "Бухгалтерлік есеп негіздері", "Основы бухгалтерского учёта", "Fundamentals of Accounting", 5, "BD", "VK", "FA"),  # noqa: E501
    _d("ECB2206", "Ақша, несие, банктер", "Деньги, кредит, банки", "Money, Credit and Banking", 5, "BD", "VK", "FA", "ECB2103"),  # noqa: E501
    _d("ECB2207", "Эконометрика", "Эконометрика", "Econometrics", 5, "BD", "VK", "EC", "ECB2104"),
    _d("ECB2208", "Маркетинг", "Маркетинг", "Marketing", 5, "BD", "VK", "EC"),
    _d("ECB3109", "Қаржы", "Финансы", "Finance", 5, "BD", "VK", "FA", "ECB2206"),
    _d("ECB2210", "Менеджмент", "Менеджмент", "Management", 5, "BD", "KV", "EC"),
    _d("ECB2211", "Экономикалық тарих", "Экономическая история", "Economic History", 5, "BD", "KV", "EC"),
    _d("ECB2212", "Бизнес құқығы", "Предпринимательское право", "Business Law", 5, "BD", "KV", "EC"),
]

# The psychological and pedagogical module of teacher education.
PEDAGOGY_BASIC = [
    _d("PED1101", "Педагогикалық мамандыққа кіріспе", "Введение в педагогическую профессию", "Introduction to the Teaching Profession", 5, "BD", "VK", "PP"),  # noqa: E501
    _d("PED1202", "Жас ерекшелік физиологиясы және мектеп гигиенасы", "Возрастная физиология и школьная гигиена", "Developmental Physiology and School Hygiene", 5, "BD", "VK", "PP"),  # noqa: E501
    _d("PED2103", "Педагогика", "Педагогика", "Pedagogy", 5, "BD", "VK", "PP", "PED1101"),
    _d("PED2104", "Педагогикалық психология", "Педагогическая психология", "Educational Psychology", 5, "BD", "VK", "PP"),  # noqa: E501
    _d("PED2206", "Инклюзивті білім беру", "Инклюзивное образование", "Inclusive Education", 5, "BD", "VK", "PP", "PED2103"),  # noqa: E501
    _d("PED2207", "Тәрбие жұмысының теориясы мен әдістемесі", "Теория и методика воспитательной работы", "Theory and Methods of Upbringing", 5, "BD", "VK", "PP", "PED2103"),  # noqa: E501
    _d("PED3109", "Білім берудегі цифрлық технологиялар", "Цифровые технологии в образовании", "Digital Technologies in Education", 5, "BD", "VK", "PP"),  # noqa: E501
    _d("PED2210", "Критериалды бағалау", "Критериальное оценивание", "Criteria-Based Assessment", 5, "BD", "KV", "PP"),
    _d("PED2211", "Этнопедагогика", "Этнопедагогика", "Ethnopedagogy", 5, "BD", "KV", "PP"),
    _d("PED2212", "Педагогикалық конфликтология", "Педагогическая конфликтология", "Conflict Management in Education", 5, "BD", "KV", "PP"),  # noqa: E501
]

# Programme-specific disciplines, listed in the order of the bachelor layout below:
# BD9, BD11, BD12, PD1, PD2, B5 (3), PD3, PD4, PD5, B6 (2), PD6, PD7, PD8, PD9, B7 (3), PD10, B8 (2)
INS = [
    _d("INS2201", "Ақпараттық жүйелер негіздері", "Основы информационных систем", "Fundamentals of Information Systems", 5, "BD", "VK", "IS"),  # noqa: E501
    _d("INS3102", "Ақпараттық жүйелерді модельдеу және жобалау", "Моделирование и проектирование информационных систем", "Information Systems Modelling and Design", 5, "BD", "VK", "IS", "INS2201"),  # noqa: E501
    _d("INS3203", "Ақпараттық қауіпсіздік және деректерді қорғау", "Информационная безопасность и защита данных", "Information Security and Data Protection", 5, "BD", "VK", "IS", "CSC3109"),  # noqa: E501
    _d("INS3104", "Деректер қорын басқару жүйелері", "Системы управления базами данных", "Database Management Systems", 5, "PD", "VK", "IS", "CSC2207", "lab"),  # noqa: E501
    _d("INS3105", "Кәсіпорынның ақпараттық жүйелері", "Корпоративные информационные системы", "Enterprise Information Systems", 5, "PD", "VK", "IS", "INS2201"),  # noqa: E501
    _d("INS3106", "Бизнес-процестерді талдау", "Анализ бизнес-процессов", "Business Process Analysis", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("INS3107", "Географиялық ақпараттық жүйелер", "Геоинформационные системы", "Geographic Information Systems", 5, "PD", "KV", "IS", kind="lab"),  # noqa: E501
    _d("INS3108", "Мобильді қосымшаларды әзірлеу", "Разработка мобильных приложений", "Mobile Application Development", 5, "PD", "KV", "IS", kind="lab"),  # noqa: E501
    _d("INS3209", "Деректер қоймалары және OLAP", "Хранилища данных и OLAP", "Data Warehouses and OLAP", 5, "PD", "VK", "IS", "INS3104", "lab"),  # noqa: E501
    _d("INS3210", "Ақпараттық жүйелер жобаларын басқару", "Управление проектами информационных систем", "Information Systems Project Management", 5, "PD", "VK", "IS"),  # noqa: E501
    _d("INS3211", "Веб-қосымшаларды әзірлеу", "Разработка веб-приложений", "Web Application Development", 5, "PD", "VK", "IS", "CSC2207", "lab"),  # noqa: E501
    _d("INS3213", "Бұлтты есептеулер", "Облачные вычисления", "Cloud Computing", 5, "PD", "KV", "IS", kind="lab"),
    _d("INS3214", "Электрондық құжат айналымы жүйелері", "Системы электронного документооборота", "Electronic Document Management Systems", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("INS4101", "Деректерді талдау және машиналық оқыту", "Анализ данных и машинное обучение", "Data Analysis and Machine Learning", 5, "PD", "VK", "IS", "INS3209", "lab"),  # noqa: E501
    _d("INS4102", "Ақпараттық жүйелерді интеграциялау", "Интеграция информационных систем", "Information Systems Integration", 5, "PD", "VK", "IS", "INS3105"),  # noqa: E501
    _d("INS4103", "Ақпараттық жүйелер аудиті", "Аудит информационных систем", "Information Systems Audit", 5, "PD", "VK", "IS", "INS3203"),  # noqa: E501
    _d("INS4104", "Үлкен деректер технологиялары", "Технологии больших данных", "Big Data Technologies", 5, "PD", "VK", "IS", "INS3104", "lab"),  # noqa: E501
    _d("INS4105", "DevOps тәжірибелері", "Практики DevOps", "DevOps Practices", 5, "PD", "KV", "IS", kind="lab"),
    _d("INS4106", "Заттар интернеті", "Интернет вещей", "Internet of Things", 5, "PD", "KV", "IS", kind="lab"),
    _d("INS4107", "Адам мен компьютердің өзара әрекеттесуі", "Человеко-компьютерное взаимодействие", "Human–Computer Interaction", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("INS4208", "Электрондық үкімет жүйелері", "Системы электронного правительства", "E-Government Systems", 5, "PD", "VK", "IS", "INS4102"),  # noqa: E501
    _d("INS4209", "Блокчейн технологиялары", "Технологии блокчейн", "Blockchain Technologies", 5, "PD", "KV", "IS"),
    _d("INS4210", "Бизнесті цифрлық трансформациялау", "Цифровая трансформация бизнеса", "Digital Transformation of Business", 5, "PD", "KV", "IS"),  # noqa: E501
]

SWE = [
    _d("SWE2201", "Бағдарламалық инженерияға кіріспе", "Введение в программную инженерию", "Introduction to Software Engineering", 5, "BD", "VK", "CE"),  # noqa: E501
    _d("SWE3102", "Бағдарламалық қамтамасыз етуге қойылатын талаптар инженериясы", "Инженерия требований к программному обеспечению", "Software Requirements Engineering", 5, "BD", "VK", "CE", "SWE2201"),  # noqa: E501
    _d("SWE3203", "Бағдарламалық қамтамасыз ету архитектурасы және жобалау үлгілері", "Архитектура программного обеспечения и паттерны проектирования", "Software Architecture and Design Patterns", 5, "BD", "VK", "CE", "CSC2206"),  # noqa: E501
    _d("SWE3104", "Бағдарламалық қамтамасыз етуді тестілеу", "Тестирование программного обеспечения", "Software Testing", 5, "PD", "VK", "CE", "CSC2206", "lab"),  # noqa: E501
    _d("SWE3105", "Серверлік әзірлеу (backend)", "Серверная разработка (backend)", "Backend Development", 5, "PD", "VK", "CE", "CSC2207", "lab"),  # noqa: E501
    _d("SWE3106", "Функционалдық бағдарламалау", "Функциональное программирование", "Functional Programming", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE3107", "Ойындарды әзірлеу", "Разработка игр", "Game Development", 5, "PD", "KV", "CE", kind="lab"),
    _d("SWE3108", "Java тілінде бағдарламалау", "Программирование на Java", "Programming in Java", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE3209", "Клиенттік әзірлеу (frontend)", "Клиентская разработка (frontend)", "Frontend Development", 5, "PD", "VK", "CE", "CSC2206", "lab"),  # noqa: E501
    _d("SWE3210", "Бағдарламалық жобаларды басқару", "Управление программными проектами", "Software Project Management", 5, "PD", "VK", "CE", "SWE3102"),  # noqa: E501
    _d("SWE3211", "Компиляторлар және формальды тілдер", "Компиляторы и формальные языки", "Compilers and Formal Languages", 5, "PD", "VK", "CE", "CSC2103"),  # noqa: E501
    _d("SWE3213", "Параллель бағдарламалау", "Параллельное программирование", "Parallel Programming", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE3214", "Компьютерлік графика", "Компьютерная графика", "Computer Graphics", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE4101", "Үлестірілген жүйелер", "Распределённые системы", "Distributed Systems", 5, "PD", "VK", "CE", "CSC3109"),  # noqa: E501
    _d("SWE4102", "Қауіпсіз бағдарламалық қамтамасыз етуді әзірлеу", "Разработка безопасного программного обеспечения", "Secure Software Development", 5, "PD", "VK", "CE", "SWE3104"),  # noqa: E501
    _d("SWE4103", "Мобильді әзірлеу", "Мобильная разработка", "Mobile Development", 5, "PD", "VK", "CE", "SWE3209", "lab"),  # noqa: E501
    _d("SWE4104", "Машиналық оқыту", "Машинное обучение", "Machine Learning", 5, "PD", "VK", "CE", "CSC2103", "lab"),
    _d("SWE4105", "DevOps және үздіксіз интеграция", "DevOps и непрерывная интеграция", "DevOps and Continuous Integration", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE4106", "Бұлтты қосымшаларды әзірлеу", "Разработка облачных приложений", "Cloud Application Development", 5, "PD", "KV", "CE", kind="lab"),  # noqa: E501
    _d("SWE4107", "Компьютерлік көру", "Компьютерное зрение", "Computer Vision", 5, "PD", "KV", "CE", kind="lab"),
    _d("SWE4208", "Бағдарламалық қамтамасыз ету сапасын қамтамасыз ету", "Обеспечение качества программного обеспечения", "Software Quality Assurance", 5, "PD", "VK", "CE", "SWE4102"),  # noqa: E501
    _d("SWE4209", "Стартап-инженерия", "Стартап-инжиниринг", "Startup Engineering", 5, "PD", "KV", "CE"),
    _d("SWE4210", "Ашық бастапқы кодты бағдарламалық қамтамасыз етуді әзірлеу", "Разработка программного обеспечения с открытым исходным кодом", "Open-Source Software Development", 5, "PD", "KV", "CE"),  # noqa: E501
]

# Automation and control has its own basic disciplines: BD1..BD8 and B4 come first here.
AUT_BASIC = [
    _d("AUT1101", "Жоғары математика 1", "Высшая математика 1", "Higher Mathematics 1", 5, "BD", "VK", "AU"),
    _d("AUT1202", "Жоғары математика 2", "Высшая математика 2", "Higher Mathematics 2", 5, "BD", "VK", "AU", "AUT1101"),
    _d("AUT2103", "Физика", "Физика", "Physics", 5, "BD", "VK", "AU", kind="lab"),
    _d("AUT2104", "Инженерлік және компьютерлік графика", "Инженерная и компьютерная графика", "Engineering and Computer Graphics", 5, "BD", "VK", "AU", kind="lab"),  # noqa: E501
    _d("AUT2105", "C тілінде бағдарламалау", "Программирование на языке C", "Programming in C", 5, "BD", "VK", "AU", kind="lab"),  # noqa: E501
    _d("AUT2206", "Электротехниканың теориялық негіздері", "Теоретические основы электротехники", "Fundamentals of Electrical Engineering", 5, "BD", "VK", "AU", "AUT2103", "lab"),  # noqa: E501
    _d("AUT2207", "Метрология, стандарттау және сертификаттау", "Метрология, стандартизация и сертификация", "Metrology, Standardization and Certification", 5, "BD", "VK", "AU"),  # noqa: E501
    _d("AUT2208", "Электроника", "Электроника", "Electronics", 5, "BD", "VK", "AU", "AUT2103", "lab"),
    _d("AUT3110", "Автоматты басқару теориясы 2", "Теория автоматического управления 2", "Control Theory 2", 5, "BD", "VK", "AU", "AUT2209"),  # noqa: E501
    _d("AUT2213", "Материалтану", "Материаловедение", "Materials Science", 5, "BD", "KV", "AU"),
    _d("AUT2214", "Қолданбалы механика", "Прикладная механика", "Applied Mechanics", 5, "BD", "KV", "AU"),
    _d("AUT2215", "Сандық әдістер", "Численные методы", "Numerical Methods", 5, "BD", "KV", "AU", kind="lab"),
]

AUT = [
    _d("AUT2209", "Автоматты басқару теориясы 1", "Теория автоматического управления 1", "Control Theory 1", 5, "BD", "VK", "AU", "AUT1202"),  # noqa: E501
    _d("AUT3111", "Микропроцессорлық жүйелер", "Микропроцессорные системы", "Microprocessor Systems", 5, "BD", "VK", "AU", "AUT2208", "lab"),  # noqa: E501
    _d("AUT3212", "Технологиялық өлшеулер және аспаптар", "Технологические измерения и приборы", "Process Measurements and Instruments", 5, "BD", "VK", "AU", "AUT2207", "lab"),  # noqa: E501
    _d("AUT3116", "Бағдарламаланатын логикалық контроллерлер", "Программируемые логические контроллеры", "Programmable Logic Controllers", 5, "PD", "VK", "AU", "AUT2208", "lab"),  # noqa: E501
    _d("AUT3117", "Электр жетегі", "Электропривод", "Electric Drives", 5, "PD", "VK", "AU", "AUT2206", "lab"),
    _d("AUT3118", "SCADA жүйелері", "SCADA-системы", "SCADA Systems", 5, "PD", "KV", "AU", kind="lab"),
    _d("AUT3119", "Өнеркәсіптік робототехника", "Промышленная робототехника", "Industrial Robotics", 5, "PD", "KV", "AU", kind="lab"),  # noqa: E501
    _d("AUT3120", "Гидравликалық және пневматикалық жетектер", "Гидро- и пневмоприводы", "Hydraulic and Pneumatic Drives", 5, "PD", "KV", "AU"),  # noqa: E501
    _d("AUT3221", "Технологиялық процестерді автоматтандыру", "Автоматизация технологических процессов", "Process Automation", 5, "PD", "VK", "AU", "AUT3116"),  # noqa: E501
    _d("AUT3222", "Басқару объектілерін идентификациялау", "Идентификация объектов управления", "System Identification", 5, "PD", "VK", "AU", "AUT3110"),  # noqa: E501
    _d("AUT3223", "Өнеркәсіптік желілер және интерфейстер", "Промышленные сети и интерфейсы", "Industrial Networks and Interfaces", 5, "PD", "VK", "AU", "AUT3111", "lab"),  # noqa: E501
    _d("AUT3224", "Сандық сигналдарды өңдеу", "Цифровая обработка сигналов", "Digital Signal Processing", 5, "PD", "KV", "AU", kind="lab"),  # noqa: E501
    _d("AUT3225", "Датчиктер мен түрлендіргіштер", "Датчики и преобразователи", "Sensors and Transducers", 5, "PD", "KV", "AU", kind="lab"),  # noqa: E501
    _d("AUT4101", "Автоматтандыру жүйелерін жобалау", "Проектирование систем автоматизации", "Design of Automation Systems", 5, "PD", "VK", "AU", "AUT3221"),  # noqa: E501
    _d("AUT4102", "Оңтайлы және бейімделгіш басқару", "Оптимальное и адаптивное управление", "Optimal and Adaptive Control", 5, "PD", "VK", "AU", "AUT3222"),  # noqa: E501
    _d("AUT4103", "Автоматтандыру жүйелерінің сенімділігі", "Надёжность систем автоматизации", "Reliability of Automation Systems", 5, "PD", "VK", "AU"),  # noqa: E501
    _d("AUT4104", "Технологиялық процестерді басқарудың автоматтандырылған жүйелері", "Автоматизированные системы управления технологическими процессами", "Industrial Process Control Systems", 5, "PD", "VK", "AU", "AUT3223"),  # noqa: E501
    _d("AUT4105", "Зияткерлік басқару жүйелері", "Интеллектуальные системы управления", "Intelligent Control Systems", 5, "PD", "KV", "AU"),  # noqa: E501
    _d("AUT4106", "Мехатроника", "Мехатроника", "Mechatronics", 5, "PD", "KV", "AU", kind="lab"),
    _d("AUT4107", "Өнеркәсіптегі энергия үнемдеу", "Энергосбережение в промышленности", "Energy Saving in Industry", 5, "PD", "KV", "AU"),  # noqa: E501
    _d("AUT4208", "Автоматтандыру жүйелерін іске қосу және баптау", "Пусконаладочные работы систем автоматизации", "Commissioning of Automation Systems", 5, "PD", "VK", "AU", "AUT4101", "lab"),  # noqa: E501
    _d("AUT4209", "Өнеркәсіптік заттар интернеті", "Промышленный интернет вещей", "Industrial Internet of Things", 5, "PD", "KV", "AU", kind="lab"),  # noqa: E501
    _d("AUT4210", "Автоматтандырылған жобалау жүйелері", "Системы автоматизированного проектирования", "Computer-Aided Design Systems", 5, "PD", "KV", "AU", kind="lab"),  # noqa: E501
]

ECO = [
    _d("ECO2201", "Экономикалық ойлар тарихы", "История экономических учений", "History of Economic Thought", 5, "BD", "VK", "EC"),  # noqa: E501
    _d("ECO3102", "Кәсіпорын экономикасы", "Экономика предприятия", "Business Economics", 5, "BD", "VK", "EC", "ECB1202"),  # noqa: E501
    _d("ECO3203", "Институционалдық экономика", "Институциональная экономика", "Institutional Economics", 5, "BD", "VK", "EC", "ECB2103"),  # noqa: E501
    _d("ECO3104", "Аймақтық экономика", "Региональная экономика", "Regional Economics", 5, "PD", "VK", "EC", "ECB2103"),  # noqa: E501
    _d("ECO3105", "Еңбек экономикасы", "Экономика труда", "Labour Economics", 5, "PD", "VK", "EC", "ECB1202"),
    _d("ECO3106", "Қазақстан экономикасы", "Экономика Казахстана", "Economy of Kazakhstan", 5, "PD", "KV", "EC"),
    _d("ECO3107", "Мемлекеттік сектор экономикасы", "Экономика общественного сектора", "Public Sector Economics", 5, "PD", "KV", "EC"),  # noqa: E501
    _d("ECO3108", "Мінез-құлық экономикасы", "Поведенческая экономика", "Behavioural Economics", 5, "PD", "KV", "EC"),
    _d("ECO3209", "Халықаралық экономика", "Международная экономика", "International Economics", 5, "PD", "VK", "EC", "ECB2103"),  # noqa: E501
    _d("ECO3210", "Экономикалық талдау", "Экономический анализ", "Economic Analysis", 5, "PD", "VK", "EC", "ECO3102"),
    _d("ECO3211", "Салықтар және салық салу", "Налоги и налогообложение", "Taxes and Taxation", 5, "PD", "VK", "EC", "ECB3109"),  # noqa: E501
    _d("ECO3213", "Табиғи ресурстар экономикасы", "Экономика природопользования", "Natural Resource Economics", 5, "PD", "KV", "EC"),  # noqa: E501
    _d("ECO3214", "Цифрлық экономика", "Цифровая экономика", "Digital Economy", 5, "PD", "KV", "EC"),
    _d("ECO4101", "Экономикалық болжау және жоспарлау", "Экономическое прогнозирование и планирование", "Economic Forecasting and Planning", 5, "PD", "VK", "EC", "ECB2207"),  # noqa: E501
    _d("ECO4102", "Инвестициялық талдау", "Инвестиционный анализ", "Investment Analysis", 5, "PD", "VK", "EC", "ECO3210"),  # noqa: E501
    _d("ECO4103", "Экономиканы мемлекеттік реттеу", "Государственное регулирование экономики", "State Regulation of the Economy", 5, "PD", "VK", "EC", "ECO3104"),  # noqa: E501
    _d("ECO4104", "Бизнес-жоспарлау", "Бизнес-планирование", "Business Planning", 5, "PD", "VK", "EC", "ECO3102"),
    _d("ECO4105", "Инновациялар экономикасы", "Экономика инноваций", "Economics of Innovation", 5, "PD", "KV", "EC"),
    _d("ECO4106", "Ауыл шаруашылығы экономикасы", "Экономика сельского хозяйства", "Agricultural Economics", 5, "PD", "KV", "EC"),  # noqa: E501
    _d("ECO4107", "Логистика", "Логистика", "Logistics", 5, "PD", "KV", "EC"),
    _d("ECO4208", "Экономикалық қауіпсіздік", "Экономическая безопасность", "Economic Security", 5, "PD", "VK", "EC", "ECO4103"),  # noqa: E501
    _d("ECO4209", "Бәсекелестік саясаты", "Конкурентная политика", "Competition Policy", 5, "PD", "KV", "EC"),
    _d("ECO4210", "Даму экономикасы", "Экономика развития", "Development Economics", 5, "PD", "KV", "EC"),
]

FIN = [
    _d("FIN2201", "Қаржылық математика", "Финансовая математика", "Financial Mathematics", 5, "BD", "VK", "FA", "ECB1101"),  # noqa: E501
    _d("FIN3102", "Корпоративтік қаржы", "Корпоративные финансы", "Corporate Finance", 5, "BD", "VK", "FA", "FIN2201"),
    _d("FIN3203", "Қаржылық есеп", "Финансовый учёт", "Financial Accounting", 5, "BD", "VK", "FA", "ECB2105"),
    _d("FIN3104", "Қаржы нарықтары мен институттары", "Финансовые рынки и институты", "Financial Markets and Institutions", 5, "PD", "VK", "FA", "ECB2206"),  # noqa: E501
    _d("FIN3105", "Банк ісі", "Банковское дело", "Banking", 5, "PD", "VK", "FA", "ECB2206"),
    _d("FIN3106", "Сақтандыру", "Страхование", "Insurance", 5, "PD", "KV", "FA"),
    _d("FIN3107", "Мемлекеттік қаржы", "Государственные финансы", "Public Finance", 5, "PD", "KV", "FA"),
    _d("FIN3108", "Ислам қаржысы", "Исламские финансы", "Islamic Finance", 5, "PD", "KV", "FA"),
    _d("FIN3209", "Қаржылық талдау", "Финансовый анализ", "Financial Analysis", 5, "PD", "VK", "FA", "FIN3102"),
    _d("FIN3210", "Салық салу", "Налогообложение", "Taxation", 5, "PD", "VK", "FA", "ECB3109"),
    _d("FIN3211", "Қаржылық менеджмент", "Финансовый менеджмент", "Financial Management", 5, "PD", "VK", "FA", "FIN3102"),  # noqa: E501
    _d("FIN3213", "Жеке қаржы", "Личные финансы", "Personal Finance", 5, "PD", "KV", "FA"),
    _d("FIN3214", "Қаржылық технологиялар (FinTech)", "Финансовые технологии (FinTech)", "Financial Technologies (FinTech)", 5, "PD", "KV", "FA"),  # noqa: E501
    _d("FIN4101", "Инвестициялар", "Инвестиции", "Investments", 5, "PD", "VK", "FA", "FIN3104"),
    _d("FIN4102", "Тәуекел-менеджмент", "Риск-менеджмент", "Risk Management", 5, "PD", "VK", "FA", "FIN3211"),
    _d("FIN4103", "Аудит", "Аудит", "Auditing", 5, "PD", "VK", "FA", "FIN3203"),
    _d("FIN4104", "Халықаралық қаржы", "Международные финансы", "International Finance", 5, "PD", "VK", "FA", "FIN3104"),  # noqa: E501
    _d("FIN4105", "Бағалы қағаздар нарығы", "Рынок ценных бумаг", "Securities Market", 5, "PD", "KV", "FA"),
    _d("FIN4106", "Бюджеттеу", "Бюджетирование", "Budgeting", 5, "PD", "KV", "FA"),
    _d("FIN4107", "Бизнесті бағалау", "Оценка бизнеса", "Business Valuation", 5, "PD", "KV", "FA"),
    _d("FIN4208", "Қаржылық бақылау", "Финансовый контроль", "Financial Control", 5, "PD", "VK", "FA", "FIN4103"),
    _d("FIN4209", "Кредиттік талдау", "Кредитный анализ", "Credit Analysis", 5, "PD", "KV", "FA"),
    _d("FIN4210", "Қазынашылық операциялар", "Казначейские операции", "Treasury Operations", 5, "PD", "KV", "FA"),
]

# Teacher-education programmes have two own basic disciplines in terms 3 and 4 (BD5, BD8) besides the list order.
MTE = [
    _d("MTE2105", "Элементар математика", "Элементарная математика", "Elementary Mathematics", 5, "BD", "VK", "MM"),
    _d("MTE2208", "Математикалық талдау 1", "Математический анализ 1", "Mathematical Analysis 1", 5, "BD", "VK", "MM", "MTE2105"),  # noqa: E501
    _d("MTE2209", "Алгебра және сандар теориясы", "Алгебра и теория чисел", "Algebra and Number Theory", 5, "BD", "VK", "MM", "MTE2105"),  # noqa: E501
    _d("MTE3111", "Математикалық талдау 2", "Математический анализ 2", "Mathematical Analysis 2", 5, "BD", "VK", "MM", "MTE2208"),  # noqa: E501
    _d("MTE3212", "Аналитикалық геометрия", "Аналитическая геометрия", "Analytic Geometry", 5, "BD", "VK", "MM", "MTE2209"),  # noqa: E501
    _d("MTE3113", "Математиканы оқыту әдістемесі", "Методика преподавания математики", "Methods of Teaching Mathematics", 5, "PD", "VK", "MM", "PED2103"),  # noqa: E501
    _d("MTE3114", "Дифференциалдық теңдеулер", "Дифференциальные уравнения", "Differential Equations", 5, "PD", "VK", "MM", "MTE2208"),  # noqa: E501
    _d("MTE3115", "Ықтималдықтар теориясы", "Теория вероятностей", "Probability Theory", 5, "PD", "KV", "MM"),
    _d("MTE3116", "Математикалық логика", "Математическая логика", "Mathematical Logic", 5, "PD", "KV", "MM"),
    _d("MTE3117", "Математика тарихы", "История математики", "History of Mathematics", 5, "PD", "KV", "MM"),
    _d("MTE3218", "Олимпиадалық есептерді шығару әдістемесі", "Методика решения олимпиадных задач", "Solving Olympiad Problems", 5, "PD", "VK", "MM", "MTE3113"),  # noqa: E501
    _d("MTE3219", "Геометрия негіздері", "Основания геометрии", "Foundations of Geometry", 5, "PD", "VK", "MM", "MTE2209"),  # noqa: E501
    _d("MTE3220", "Комплекс айнымалы функциялар теориясы", "Теория функций комплексного переменного", "Complex Analysis", 5, "PD", "VK", "MM", "MTE3111"),  # noqa: E501
    _d("MTE3221", "Компьютерлік математика жүйелері", "Системы компьютерной математики", "Computer Algebra Systems", 5, "PD", "KV", "MM", kind="lab"),  # noqa: E501
    _d("MTE3222", "Сандық әдістер", "Численные методы", "Numerical Methods", 5, "PD", "KV", "MM", kind="lab"),
    _d("MTE4101", "Жоғары сыныптарда математиканы оқыту әдістемесі", "Методика преподавания математики в старших классах", "Teaching Mathematics in Upper Secondary School", 5, "PD", "VK", "MM", "MTE3218"),  # noqa: E501
    _d("MTE4102", "Функционалдық талдау", "Функциональный анализ", "Functional Analysis", 5, "PD", "VK", "MM", "MTE3220"),  # noqa: E501
    _d("MTE4103", "Математикалық статистика", "Математическая статистика", "Mathematical Statistics", 5, "PD", "VK", "MM", "MTE3111"),  # noqa: E501
    _d("MTE4104", "Оқушыларды математикадан ҰБТ-ға дайындау", "Подготовка учащихся к ЕНТ по математике", "Preparing Pupils for the UNT in Mathematics", 5, "PD", "VK", "MM", "MTE3113"),  # noqa: E501
    _d("MTE4105", "Топология", "Топология", "Topology", 5, "PD", "KV", "MM"),
    _d("MTE4106", "Дискретті математика", "Дискретная математика", "Discrete Mathematics", 5, "PD", "KV", "MM"),
    _d("MTE4107", "Ойындар теориясы", "Теория игр", "Game Theory", 5, "PD", "KV", "MM"),
    _d("MTE4208", "Математикадан критериалды бағалау", "Критериальное оценивание по математике", "Criteria-Based Assessment in Mathematics", 5, "PD", "VK", "MM", "MTE4101"),  # noqa: E501
    _d("MTE4209", "Математикалық модельдеу", "Математическое моделирование", "Mathematical Modelling", 5, "PD", "KV", "MM"),  # noqa: E501
    _d("MTE4210", "STEM-білім беру", "STEM-образование", "STEM Education", 5, "PD", "KV", "MM"),
]

KLL = [
    _d("KLL2105", "Тіл біліміне кіріспе", "Введение в языкознание", "Introduction to Linguistics", 5, "BD", "VK", "KF"),
    _d("KLL2208", "Қазіргі қазақ тілі: фонетика", "Современный казахский язык: фонетика", "Modern Kazakh: Phonetics", 5, "BD", "VK", "KF", "KLL2105"),  # noqa: E501
    _d("KLL2209", "Әдебиеттану негіздері", "Введение в литературоведение", "Introduction to Literary Studies", 5, "BD", "VK", "KF"),  # noqa: E501
    _d("KLL3111", "Қазіргі қазақ тілі: лексикология", "Современный казахский язык: лексикология", "Modern Kazakh: Lexicology", 5, "BD", "VK", "KF", "KLL2208"),  # noqa: E501
    _d("KLL3212", "Ежелгі дәуір әдебиеті", "Древняя литература", "Ancient Literature", 5, "BD", "VK", "KF", "KLL2209"),
    _d("KLL3113", "Қазақ тілін оқыту әдістемесі", "Методика преподавания казахского языка", "Methods of Teaching the Kazakh Language", 5, "PD", "VK", "KF", "PED2103"),  # noqa: E501
    _d("KLL3114", "Қазіргі қазақ тілі: морфология", "Современный казахский язык: морфология", "Modern Kazakh: Morphology", 5, "PD", "VK", "KF", "KLL2208"),  # noqa: E501
    _d("KLL3115", "Қазақ фольклоры", "Казахский фольклор", "Kazakh Folklore", 5, "PD", "KV", "KF"),
    _d("KLL3116", "Қазақ диалектологиясы", "Казахская диалектология", "Kazakh Dialectology", 5, "PD", "KV", "KF"),
    _d("KLL3117", "Сөйлеу мәдениеті", "Культура речи", "Culture of Speech", 5, "PD", "KV", "KF"),
    _d("KLL3218", "XIX ғасырдағы қазақ әдебиеті", "Казахская литература XIX века", "Kazakh Literature of the 19th Century", 5, "PD", "VK", "KF", "KLL2209"),  # noqa: E501
    _d("KLL3219", "Қазіргі қазақ тілі: синтаксис", "Современный казахский язык: синтаксис", "Modern Kazakh: Syntax", 5, "PD", "VK", "KF", "KLL3114"),  # noqa: E501
    _d("KLL3220", "Қазақ әдебиетін оқыту әдістемесі", "Методика преподавания казахской литературы", "Methods of Teaching Kazakh Literature", 5, "PD", "VK", "KF", "KLL3113"),  # noqa: E501
    _d("KLL3221", "Абайтану", "Абаеведение", "Abai Studies", 5, "PD", "KV", "KF"),
    _d("KLL3222", "Қазақ тілінің стилистикасы", "Стилистика казахского языка", "Kazakh Stylistics", 5, "PD", "KV", "KF"),  # noqa: E501
    _d("KLL4101", "XX ғасырдағы қазақ әдебиеті", "Казахская литература XX века", "Kazakh Literature of the 20th Century", 5, "PD", "VK", "KF", "KLL3218"),  # noqa: E501
    _d("KLL4102", "Қазақ әдеби тілінің тарихы", "История казахского литературного языка", "History of the Kazakh Literary Language", 5, "PD", "VK", "KF", "KLL3219"),  # noqa: E501
    _d("KLL4103", "Әдебиет теориясы", "Теория литературы", "Theory of Literature", 5, "PD", "VK", "KF", "KLL2209"),
    _d("KLL4104", "Қазіргі қазақ әдебиеті", "Современная казахская литература", "Contemporary Kazakh Literature", 5, "PD", "VK", "KF", "KLL3218"),  # noqa: E501
    _d("KLL4105", "Әуезовтану", "Ауэзоведение", "Auezov Studies", 5, "PD", "KV", "KF"),
    _d("KLL4106", "Мәтін лингвистикасы", "Лингвистика текста", "Text Linguistics", 5, "PD", "KV", "KF"),
    _d("KLL4107", "Салыстырмалы әдебиеттану", "Сравнительное литературоведение", "Comparative Literature", 5, "PD", "KV", "KF"),  # noqa: E501
    _d("KLL4208", "Оқушыларды қазақ тілінен ҰБТ-ға дайындау", "Подготовка учащихся к ЕНТ по казахскому языку", "Preparing Pupils for the UNT in Kazakh", 5, "PD", "VK", "KF", "KLL3113"),  # noqa: E501
    _d("KLL4209", "Әлем әдебиеті", "Мировая литература", "World Literature", 5, "PD", "KV", "KF"),
    _d("KLL4210", "Қазақ терминологиясы", "Казахская терминология", "Kazakh Terminology", 5, "PD", "KV", "KF"),
]

MASTER = [
    _d("MGS5101", "Ғылым тарихы мен философиясы", "История и философия науки", "History and Philosophy of Science", 5, "BD", "VK", "HS"),  # noqa: E501
    _d("MGS5102", "Шетел тілі (кәсіби)", "Иностранный язык (профессиональный)", "Foreign Language (Professional)", 5, "BD", "VK", "FL", kind="lang"),  # noqa: E501
    _d("MGS5103", "Жоғары мектеп педагогикасы", "Педагогика высшей школы", "Higher Education Pedagogy", 5, "BD", "VK", "PP"),  # noqa: E501
    _d("MGS5104", "Басқару психологиясы", "Психология управления", "Psychology of Management", 5, "BD", "VK", "PP"),
    _d("MIS5105", "Ақпараттық жүйелерді жобалаудың заманауи әдістері", "Современные методы проектирования информационных систем", "Modern Methods of Information Systems Design", 5, "PD", "VK", "IS"),  # noqa: E501
    _d("MIS5106", "Информатикадағы ғылыми зерттеу әдіснамасы", "Методология научных исследований в информатике", "Research Methodology in Computer Science", 5, "BD", "KV", "IS"),  # noqa: E501
    _d("MIS5107", "Академиялық жазылым", "Академическое письмо", "Academic Writing", 5, "BD", "KV", "FL"),
    _d("MIS5208", "Деректерді зияткерлік талдау", "Интеллектуальный анализ данных", "Data Mining", 5, "PD", "VK", "IS", kind="lab"),  # noqa: E501
    _d("MIS5209", "Үлестірілген ақпараттық жүйелер", "Распределённые информационные системы", "Distributed Information Systems", 5, "PD", "VK", "IS", "MIS5105"),  # noqa: E501
    _d("MIS5210", "Педагогикалық практика", "Педагогическая практика", "Teaching Practice", 5, "BD", "VK", "IS", kind="practice"),  # noqa: E501
    _d("MIS5211", "Магистранттың ғылыми-зерттеу жұмысы 1", "Научно-исследовательская работа магистранта 1", "Master's Research Work 1", 10, "PD", "VK", "IS", kind="research"),  # noqa: E501
    _d("MIS5212", "Нейрондық желілер және терең оқыту", "Нейронные сети и глубокое обучение", "Neural Networks and Deep Learning", 5, "PD", "KV", "IS", kind="lab"),  # noqa: E501
    _d("MIS5213", "Семантикалық веб және онтологиялар", "Семантический веб и онтологии", "Semantic Web and Ontologies", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("MIS5214", "Ақпараттық жүйелер қауіпсіздігін басқару", "Управление безопасностью информационных систем", "Information Systems Security Management", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("MIS6101", "Үлкен деректер аналитикасы", "Аналитика больших данных", "Big Data Analytics", 5, "PD", "VK", "IS", "MIS5208", "lab"),  # noqa: E501
    _d("MIS6102", "Кәсіпорын архитектурасы", "Архитектура предприятия", "Enterprise Architecture", 5, "PD", "VK", "IS", "MIS5209"),  # noqa: E501
    _d("MIS6103", "Бұлтты және тұманды есептеулер", "Облачные и туманные вычисления", "Cloud and Fog Computing", 5, "PD", "KV", "IS", kind="lab"),  # noqa: E501
    _d("MIS6104", "Табиғи тілді өңдеу", "Обработка естественного языка", "Natural Language Processing", 5, "PD", "KV", "IS", kind="lab"),  # noqa: E501
    _d("MIS6105", "Шешім қабылдауды қолдау жүйелері", "Системы поддержки принятия решений", "Decision Support Systems", 5, "PD", "KV", "IS"),  # noqa: E501
    _d("MIS6106", "Зерттеу практикасы", "Исследовательская практика", "Research Practice", 10, "PD", "VK", "IS", kind="practice"),  # noqa: E501
    _d("MIS6207", "Магистранттың ғылыми-зерттеу жұмысы 2", "Научно-исследовательская работа магистранта 2", "Master's Research Work 2", 12, "PD", "VK", "IS", "MIS5211", "research"),  # noqa: E501
    _d("MIS6208", "Магистрлік диссертацияны жазу және қорғау", "Написание и защита магистерской диссертации", "Writing and Defence of the Master's Thesis", 12, "IA", "OK", "IS", kind="ia"),  # noqa: E501
    _d("MIS6209", "Ғылыми семинар", "Научный семинар", "Research Seminar", 6, "PD", "VK", "IS"),
]
# fmt: on


def _bachelor_practices(prefix: str, dept: str, teacher: bool) -> list[Disc]:
    """Each bachelor programme's practices and final attestation: same names, own codes and department."""
    if teacher:
        work = ("Педагогикалық практика", "Педагогическая практика", "Teaching Practice")
    else:
        work = ("Өндірістік практика", "Производственная практика", "Industrial Practice")
    return [
        _d(
            f"{prefix}1291",
            "Оқу практикасы",
            "Учебная практика",
            "Educational Practice",
            5,
            "BD",
            "VK",
            dept,
            kind="practice",
        ),  # noqa: E501
        _d(f"{prefix}3292", *work, 5, "PD", "VK", dept, kind="practice"),
        _d(
            f"{prefix}4293",
            "Диплом алды практикасы",
            "Преддипломная практика",
            "Pre-Graduation Practice",
            12,
            "PD",
            "VK",
            dept,
            f"{prefix}3292",
            "practice",
        ),  # noqa: E501
        _d(
            f"{prefix}4294",
            "Дипломдық жұмысты (жобаны) жазу және қорғау немесе кешенді емтиханға дайындалу және тапсыру",
            "Написание и защита дипломной работы (проекта) или подготовка и сдача комплексного экзамена",
            "Writing and Defence of the Diploma Thesis (Project) or Preparing and Passing the Comprehensive Exam",
            8,
            "IA",
            "OK",
            dept,
            kind="ia",
        ),
    ]


def _codes(discs):
    return [d.code for d in discs]


# The bachelor layout: (slot, term, block). Slots name a position in the lists built below.
_GENERAL_SLOTS = [
    ("HMK1101", 1, None),
    ("KRL1102", 1, None),
    ("FLG1104", 1, None),
    ("ICT1106", 1, None),
    ("PHE1107", 1, None),
    ("KRL1203", 2, None),
    ("FLG1205", 2, None),
    ("SPK1209", 2, None),
    ("PHE1208", 2, None),
    ("SPK2110", 3, None),
    ("PHL2111", 3, None),
    ("AKM2112", 3, "OOD-3"),
    ("EBZ2113", 3, "OOD-3"),
    ("FEE2114", 3, "OOD-3"),
]
_BACHELOR_BLOCKS = [
    ("OOD-3", 3, 1, None),  # one general-education elective
    ("BD-4", 4, 2, None),  # two basic electives out of three
    ("PD-5", 5, 2, None),
    ("PD-6", 6, 1, None),
    ("PD-7", 7, None, 10),  # any 10 credits out of three
    ("PD-8", 8, 1, None),
]
_OWN_TERMS = [  # terms of the own list: BD9, BD11, BD12, PD1, PD2, B5×3, PD3..PD5, B6×2, PD6..PD9, B7×3, PD10, B8×2
    (4, None),
    (5, None),
    (6, None),
    (5, None),
    (5, None),
    (5, "PD-5"),
    (5, "PD-5"),
    (5, "PD-5"),
    (6, None),
    (6, None),
    (6, None),
    (6, "PD-6"),
    (6, "PD-6"),
    (7, None),
    (7, None),
    (7, None),
    (7, None),
    (7, "PD-7"),
    (7, "PD-7"),
    (7, "PD-7"),
    (8, None),
    (8, "PD-8"),
    (8, "PD-8"),
]
# Terms of a basic list (BD1..BD8, BD10, B4×3) shared by a family of programmes.
_BASIC_TERMS = [(1, None), (2, None), (3, None), (3, None), (3, None), (4, None), (4, None), (4, None), (5, None)] + [
    (4, "BD-4")
] * 3


def _bachelor(basic: list[Disc], own: list[Disc], practices: list[Disc]) -> dict:
    items = list(_GENERAL_SLOTS)
    items += [(d.code, term, block) for d, (term, block) in zip(basic, _BASIC_TERMS, strict=True)]
    items += [(d.code, term, block) for d, (term, block) in zip(own, _OWN_TERMS, strict=True)]
    edu, work, prediploma, attestation = practices
    items += [(edu.code, 2, None), (work.code, 6, None), (prediploma.code, 8, None), (attestation.code, 8, None)]
    return {"items": items, "blocks": list(_BACHELOR_BLOCKS)}


def _teacher_basic(own_bd5: Disc, own_bd8: Disc) -> list[Disc]:
    """The pedagogy module with the programme's own BD5 (term 3) and BD8 (term 4) put in place."""
    p = {d.code: d for d in PEDAGOGY_BASIC}
    return [
        p["PED1101"],
        p["PED1202"],
        p["PED2103"],
        p["PED2104"],
        own_bd5,
        p["PED2206"],
        p["PED2207"],
        own_bd8,
        p["PED3109"],
        p["PED2210"],
        p["PED2211"],
        p["PED2212"],
    ]


_PRACTICES = {
    code: _bachelor_practices(info["prefix"], info["department"], info["degree"] is _EDUCATION_DEGREE)
    for code, info in PROGRAMME_INFO.items()
    if info["level"] == "bachelor"
}

PROGRAMMES = {
    "6B06101": _bachelor(IT_BASIC, INS, _PRACTICES["6B06101"]),
    "6B06102": _bachelor(IT_BASIC, SWE, _PRACTICES["6B06102"]),
    "6B07101": _bachelor(AUT_BASIC, AUT, _PRACTICES["6B07101"]),
    "6B04101": _bachelor(ECON_BASIC, ECO, _PRACTICES["6B04101"]),
    "6B04102": _bachelor(ECON_BASIC, FIN, _PRACTICES["6B04102"]),
    "6B01501": _bachelor(_teacher_basic(MTE[0], MTE[1]), MTE[2:], _PRACTICES["6B01501"]),
    "6B01701": _bachelor(_teacher_basic(KLL[0], KLL[1]), KLL[2:], _PRACTICES["6B01701"]),
    "7M06101": {
        "items": [
            ("MGS5101", 1, None),
            ("MGS5102", 1, None),
            ("MGS5103", 1, None),
            ("MGS5104", 1, None),
            ("MIS5105", 1, None),
            ("MIS5106", 1, "BD-1"),
            ("MIS5107", 1, "BD-1"),
            ("MIS5208", 2, None),
            ("MIS5209", 2, None),
            ("MIS5210", 2, None),
            ("MIS5211", 2, None),
            ("MIS5212", 2, "PD-2"),
            ("MIS5213", 2, "PD-2"),
            ("MIS5214", 2, "PD-2"),
            ("MIS6101", 3, None),
            ("MIS6102", 3, None),
            ("MIS6103", 3, "PD-3"),
            ("MIS6104", 3, "PD-3"),
            ("MIS6105", 3, "PD-3"),
            ("MIS6106", 3, None),
            ("MIS6207", 4, None),
            ("MIS6208", 4, None),
            ("MIS6209", 4, None),
        ],
        "blocks": [("BD-1", 1, 1, None), ("PD-2", 2, 1, None), ("PD-3", 3, None, 10)],
    },
}

# The whole catalogue, each discipline once (shared ones appear in several programmes).
DISCIPLINES: dict[str, Disc] = {
    d.code: d
    for group in (GENERAL, IT_BASIC, ECON_BASIC, PEDAGOGY_BASIC, INS, SWE, AUT_BASIC, AUT, ECO, FIN, MTE, KLL, MASTER)
    for d in group
}
DISCIPLINES.update({d.code: d for practices in _PRACTICES.values() for d in practices})


def discipline_hours(credits: int, kind: str, hours_per_credit: int = 30) -> dict[str, int]:
    """Hours split of a demo discipline that adds up to credits × hours per credit.

    Per credit: a lecture course is 1/10 lectures, 2/10 practice (or 1/10 practice + 1/10 lab),
    7/30 self-study with the teacher and the rest self-study; languages and physical education
    are practice classes; practices, research work and the final attestation are independent work.
    """
    total = credits * hours_per_credit
    h = {"hours_lecture": 0, "hours_practice": 0, "hours_lab": 0, "hours_self_with_teacher": 0, "hours_self": 0}
    if kind in ("lec", "lab"):
        h["hours_lecture"] = total // 10
        if kind == "lab":
            h["hours_practice"] = total // 10
            h["hours_lab"] = total // 10
        else:
            h["hours_practice"] = total // 5
    elif kind in ("lang", "pe"):
        h["hours_practice"] = total * 3 // 10
    if kind in ("practice", "research", "ia"):
        h["hours_self_with_teacher"] = total // 3
    else:
        h["hours_self_with_teacher"] = total * 7 // 30
    h["hours_self"] = total - sum(h.values())
    return h


CONTROL_FORMS = {
    "lec": "exam",
    "lab": "exam",
    "lang": "exam",
    "pe": "exam",  # graded in Kazakhstan (not pass/fail); excluded from GPA by a setting
    "practice": "practice",
    "research": "pass_fail",
    "ia": "final_attestation",
}
