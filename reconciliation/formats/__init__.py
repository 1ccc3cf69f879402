"""Date and time formats per language (FORMAT_MODULE_PATH): dd.mm.yyyy and the 24-hour clock, as in Kazakhstan.

Django has no formats for Kazakh (dates read "Жел. 1, 2026"), and its English ones use a
12-hour clock; these modules win over Django's own for every page, form and the admin.
"""
