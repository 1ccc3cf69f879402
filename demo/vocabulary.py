"""Plain data the demo is made of: per-region contacts, names, and dispute texts in kk/ru/en.

Texts are data, not interface strings: they are what a citizen or a coordinator would
have typed, so they are stored as written and never go through gettext.
"""

from centers.choices import DisputeCategory

# Region code -> (landline area code, street index, building number, share of disputes in %).
# Shares follow population roughly, so the big cities and the southern regions are busiest.
REGIONS: dict[str, tuple[str, int, int, float]] = {
    "KZ-10": ("7222", 0, 97, 3.0),
    "KZ-11": ("7162", 1, 18, 3.5),
    "KZ-15": ("7132", 2, 44, 4.5),
    "KZ-19": ("72772", 3, 6, 7.0),
    "KZ-23": ("7122", 4, 29, 3.5),
    "KZ-27": ("7112", 5, 152, 3.5),
    "KZ-31": ("7262", 6, 73, 6.0),
    "KZ-33": ("7282", 7, 22, 3.5),
    "KZ-35": ("7212", 8, 11, 5.5),
    "KZ-39": ("7142", 9, 65, 4.0),
    "KZ-43": ("7242", 10, 31, 4.0),
    "KZ-47": ("7292", 11, 5, 4.0),
    "KZ-55": ("7182", 0, 138, 3.5),
    "KZ-59": ("7152", 1, 47, 2.5),
    "KZ-61": ("72533", 2, 16, 10.0),
    "KZ-62": ("7102", 3, 34, 1.0),
    "KZ-63": ("7232", 4, 62, 3.5),
    "KZ-71": ("7172", 12, 24, 7.5),
    "KZ-75": ("727", 6, 59, 11.0),
    "KZ-79": ("7252", 11, 8, 6.0),
}
BUSY_REGIONS = frozenset({"KZ-71", "KZ-75", "KZ-79", "KZ-61"})  # three mediators instead of two
ENGLISH_SPOKEN = frozenset({"KZ-71", "KZ-75"})

# (kk, ru, en)
STREETS: list[tuple[str, str, str]] = [
    ("Абай көшесі", "ул. Абая", "Abai St"),
    ("Достық көшесі", "ул. Достык", "Dostyk St"),
    ("Тәуелсіздік көшесі", "ул. Тауелсиздик", "Tauelsizdik St"),
    ("Қонаев көшесі", "ул. Кунаева", "Kunaev St"),
    ("Сәтбаев көшесі", "ул. Сатпаева", "Satpayev St"),
    ("Абылай хан даңғылы", "пр. Абылай хана", "Abylai Khan Ave"),
    ("Төле би көшесі", "ул. Толе би", "Tole Bi St"),
    ("Байтұрсынов көшесі", "ул. Байтурсынова", "Baitursynov St"),
    ("Бұқар жырау даңғылы", "пр. Бухар жырау", "Bukhar Zhyrau Ave"),
    ("Әуезов көшесі", "ул. Ауэзова", "Auezov St"),
    ("Желтоқсан көшесі", "ул. Желтоксан", "Zheltoksan St"),
    ("Республика даңғылы", "пр. Республики", "Respublika Ave"),
    ("Қабанбай батыр даңғылы", "пр. Кабанбай батыра", "Kabanbai Batyr Ave"),
]

WORKING_HOURS = (
    "Дс–Жм 09:00–18:00, түскі үзіліс 13:00–14:00",
    "Пн–Пт 09:00–18:00, обед 13:00–14:00",
    "Mon–Fri 09:00–18:00, lunch 13:00–14:00",
)

MALE_NAMES = ["Асқар", "Ержан", "Нұрлан", "Дәурен", "Бауыржан", "Серік", "Арман", "Талғат", "Мұрат", "Әлихан", "Сергей"]
FEMALE_NAMES = ["Айгерім", "Гүлнар", "Динара", "Жанар", "Әсел", "Мадина", "Салтанат", "Аружан", "Камила", "Елена"]
# (male form, female form)
SURNAMES = [
    ("Ахметов", "Ахметова"),
    ("Жұмабаев", "Жұмабаева"),
    ("Нұрпейісов", "Нұрпейісова"),
    ("Сәрсенбаев", "Сәрсенбаева"),
    ("Омаров", "Омарова"),
    ("Тоқтаров", "Тоқтарова"),
    ("Қасымов", "Қасымова"),
    ("Есенов", "Есенова"),
    ("Смағұлов", "Смағұлова"),
    ("Кузнецов", "Кузнецова"),
    ("Ким", "Ким"),
    ("Байжанов", "Байжанова"),
]

COMPANY_FORMS = ["ТОО", "ТОО", "АО"]  # limited partnerships are the common employer
COMPANY_NAMES = [
    "Астана Құрылыс",
    "Береке Агро",
    "Сарыарқа Логистик",
    "Жайық Сервис",
    "Тұран Трейд",
    "Алтын Дән",
    "Нұр Энерго",
    "Ақ Жол Транс",
    "Самал Маркет",
    "Мерей Строй",
]
HOUSING_BODIES = ["ОСИ «Ажар»", "ОСИ «Шаңырақ»", "КСК «Самал-2»", "ОСИ «Жұлдыз»"]

MOBILE_PREFIXES = ["701", "702", "705", "707", "708", "747", "771", "775", "777", "778"]

# Category -> {language: [summary, ...]}; the same position is the same story in each language.
SUMMARIES: dict[str, dict[str, list[str]]] = {
    DisputeCategory.LABOUR: {
        "kk": ["Үш айлық жалақы төленбеген", "Ескертусіз жұмыстан шығару"],
        "ru": ["Невыплата заработной платы за три месяца", "Увольнение без предупреждения"],
        "en": ["Unpaid wages for three months", "Dismissal without notice"],
    },
    DisputeCategory.FAMILY: {
        "kk": ["Балаға алимент төлеу", "Ажырасудан кейін баланың тұратын жері"],
        "ru": ["Выплата алиментов на ребёнка", "Место жительства ребёнка после развода"],
        "en": ["Child support payments", "Where the child lives after the divorce"],
    },
    DisputeCategory.HOUSING: {
        "kk": ["Жоғарғы пәтерден су ағып кетуі", "Жалдау ақысының қарызы және кепілді қайтару"],
        "ru": ["Затопление квартиры соседями сверху", "Долг по аренде и возврат залога"],
        "en": ["Flooding from the flat above", "Rent arrears and return of the deposit"],
    },
    DisputeCategory.CONSUMER: {
        "kk": ["Ақаулы кір жуғыш машина үшін ақшаны қайтару", "Орындалмаған жиһаз тапсырысы"],
        "ru": ["Возврат денег за неисправную стиральную машину", "Невыполненный заказ мебели"],
        "en": ["Refund for a faulty washing machine", "Unfinished furniture order"],
    },
    DisputeCategory.PROPERTY: {
        "kk": ["Ортақ көлікті бөлу", "Жеке қарызды қайтару"],
        "ru": ["Раздел совместного автомобиля", "Возврат частного займа"],
        "en": ["Division of a shared car", "Repayment of a private loan"],
    },
    DisputeCategory.NEIGHBOUR: {
        "kk": ["Көршілердің түнгі шуы", "Учаскелер арасындағы шекаралық қоршау"],
        "ru": ["Ночной шум со стороны соседей", "Забор на границе участков"],
        "en": ["Noise at night from the neighbours", "Boundary fence between the plots"],
    },
    DisputeCategory.OTHER: {
        "kk": ["Тұрақтағы көлікке келтірілген зақым", "Той залын брондау туралы дау"],
        "ru": ["Повреждение припаркованного автомобиля", "Спор о бронировании банкетного зала"],
        "en": ["Damage to a parked car", "Dispute over a wedding hall booking"],
    },
}
# Shares of the categories in %, after one regional center's first requests (family first).
CATEGORY_SHARES = {
    DisputeCategory.FAMILY: 36,
    DisputeCategory.LABOUR: 16,
    DisputeCategory.HOUSING: 14,
    DisputeCategory.CONSUMER: 10,
    DisputeCategory.PROPERTY: 9,
    DisputeCategory.NEIGHBOUR: 9,
    DisputeCategory.OTHER: 6,
}
MONEY_CATEGORIES = frozenset(
    {DisputeCategory.LABOUR, DisputeCategory.CONSUMER, DisputeCategory.PROPERTY, DisputeCategory.HOUSING}
)

DESCRIPTION_TAIL = {
    "kk": "Біз тікелей келісуге тырыстық, бірақ болмады. Сотқа бармай келісімге келуге көмектесуіңізді сұраймын.",
    "ru": "Мы пытались договориться напрямую, но не смогли. Прошу центр помочь нам прийти к соглашению без суда.",
    "en": "We tried to agree directly but could not. I ask the center to help us reach an agreement without court.",
}
TERMS_MONEY = {
    "kk": "Жауапкер {date} дейін {amount} теңгені екі бөліп төлейді; тараптардың бір-біріне басқа талаптары жоқ.",
    "ru": "Ответчик выплачивает {amount} тенге двумя платежами до {date}; иных претензий стороны не имеют.",
    "en": "The respondent pays {amount} tenge in two instalments by {date}; the parties have no further claims.",
}
TERMS_OTHER = {
    "kk": "Тараптар қосымшадағы кестені {date} бастап сақтауға келісті.",
    "ru": "Стороны договорились соблюдать график из приложения начиная с {date}.",
    "en": "The parties agreed to follow the schedule in the annex from {date}.",
}
REJECTION_REASON = {
    "kk": "Дау медиацияға қатыспайтын үшінші тұлғаның құқықтарын қозғайды.",
    "ru": "Спор затрагивает права третьего лица, не участвующего в медиации.",
    "en": "The dispute affects a third party who takes no part in the mediation.",
}
DECLINE_REASON = {
    "kk": "Сотқа жүгінгенді жөн көреміз.",
    "ru": "Предпочитаем обратиться в суд.",
    "en": "We prefer to go to court.",
}
WITHDRAWAL_REASON = {
    "kk": "Мәселені өзіміз шештік.",
    "ru": "Мы урегулировали вопрос самостоятельно.",
    "en": "We settled the matter ourselves.",
}
NOT_SETTLED_NOTE = {
    "kk": "Тараптар сома туралы келісімге келмеді.",
    "ru": "Стороны не пришли к согласию о сумме.",
    "en": "The parties could not agree on the amount.",
}
FEEDBACK_COMMENT = {
    "kk": "Медиатор сабырлы әрі әділ болды.",
    "ru": "Медиатор был терпелив и беспристрастен.",
    "en": "The mediator was patient and fair.",
}
