"""Fields stored in kk, ru and en (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Center, Region, TradeUnionAssociation


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "administrative_center")


@register(TradeUnionAssociation)
class AssociationTranslation(TranslationOptions):
    fields = ("name",)


@register(Center)
class CenterTranslation(TranslationOptions):
    fields = ("name", "address", "working_hours")
