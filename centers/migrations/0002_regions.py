"""Load the 20 top-level units of Kazakhstan (17 oblasts, 3 cities of republican significance).

Names and administrative centers follow the 2022 changes (Abai, Zhetisu and Ulytau regions;
Konaev as the Almaty Region's center). Columns: ISO 3166-2 code, case number prefix, kind,
name kk/ru/en, administrative center kk/ru/en.
"""

from django.db import migrations

REGIONS = [
    ("KZ-10", "ABA", "region", "Абай облысы", "область Абай", "Abai Region", "Семей", "Семей", "Semey"),
    (
        "KZ-11",
        "AKM",
        "region",
        "Ақмола облысы",
        "Акмолинская область",
        "Akmola Region",
        "Көкшетау",
        "Кокшетау",
        "Kokshetau",
    ),
    ("KZ-15", "AKT", "region", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region", "Ақтөбе", "Актобе", "Aktobe"),
    ("KZ-19", "ALM", "region", "Алматы облысы", "Алматинская область", "Almaty Region", "Қонаев", "Конаев", "Konaev"),
    ("KZ-23", "ATY", "region", "Атырау облысы", "Атырауская область", "Atyrau Region", "Атырау", "Атырау", "Atyrau"),
    (
        "KZ-27",
        "ZKO",
        "region",
        "Батыс Қазақстан облысы",
        "Западно-Казахстанская область",
        "West Kazakhstan Region",
        "Орал",
        "Уральск",
        "Oral",
    ),
    ("KZ-31", "ZHA", "region", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region", "Тараз", "Тараз", "Taraz"),
    (
        "KZ-33",
        "ZHE",
        "region",
        "Жетісу облысы",
        "область Жетісу",
        "Zhetisu Region",
        "Талдықорған",
        "Талдыкорган",
        "Taldykorgan",
    ),
    (
        "KZ-35",
        "KAR",
        "region",
        "Қарағанды облысы",
        "Карагандинская область",
        "Karaganda Region",
        "Қарағанды",
        "Караганда",
        "Karaganda",
    ),
    (
        "KZ-39",
        "KOS",
        "region",
        "Қостанай облысы",
        "Костанайская область",
        "Kostanay Region",
        "Қостанай",
        "Костанай",
        "Kostanay",
    ),
    (
        "KZ-43",
        "KZY",
        "region",
        "Қызылорда облысы",
        "Кызылординская область",
        "Kyzylorda Region",
        "Қызылорда",
        "Кызылорда",
        "Kyzylorda",
    ),
    (
        "KZ-47",
        "MAN",
        "region",
        "Маңғыстау облысы",
        "Мангистауская область",
        "Mangystau Region",
        "Ақтау",
        "Актау",
        "Aktau",
    ),
    (
        "KZ-55",
        "PAV",
        "region",
        "Павлодар облысы",
        "Павлодарская область",
        "Pavlodar Region",
        "Павлодар",
        "Павлодар",
        "Pavlodar",
    ),
    (
        "KZ-59",
        "SKO",
        "region",
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "North Kazakhstan Region",
        "Петропавл",
        "Петропавловск",
        "Petropavl",
    ),
    (
        "KZ-61",
        "TUR",
        "region",
        "Түркістан облысы",
        "Туркестанская область",
        "Turkistan Region",
        "Түркістан",
        "Туркестан",
        "Turkistan",
    ),
    (
        "KZ-62",
        "ULY",
        "region",
        "Ұлытау облысы",
        "область Ұлытау",
        "Ulytau Region",
        "Жезқазған",
        "Жезказган",
        "Zhezkazgan",
    ),
    (
        "KZ-63",
        "VKO",
        "region",
        "Шығыс Қазақстан облысы",
        "Восточно-Казахстанская область",
        "East Kazakhstan Region",
        "Өскемен",
        "Усть-Каменогорск",
        "Oskemen",
    ),
    ("KZ-71", "AST", "city", "Астана", "Астана", "Astana", "Астана", "Астана", "Astana"),
    ("KZ-75", "ALA", "city", "Алматы", "Алматы", "Almaty", "Алматы", "Алматы", "Almaty"),
    ("KZ-79", "SHY", "city", "Шымкент", "Шымкент", "Shymkent", "Шымкент", "Шымкент", "Shymkent"),
]


def load_regions(apps, schema_editor):
    Region = apps.get_model("centers", "Region")
    for code, prefix, kind, name_kk, name_ru, name_en, center_kk, center_ru, center_en in REGIONS:
        Region.objects.update_or_create(
            code=code,
            defaults={
                "prefix": prefix,
                "kind": kind,
                "name": name_kk,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
                "administrative_center": center_kk,
                "administrative_center_kk": center_kk,
                "administrative_center_ru": center_ru,
                "administrative_center_en": center_en,
            },
        )


def unload_regions(apps, schema_editor):
    apps.get_model("centers", "Region").objects.filter(code__in=[row[0] for row in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("centers", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]
