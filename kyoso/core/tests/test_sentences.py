"""Event sentences are stored in every language, with their values translated too."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence, choice_label, in_every_language


def test_a_sentence_is_stored_in_english_and_japanese():
    sentence = Sentence(gettext_lazy("Filing %(filing)s added"), filing="JP 2024-000001")
    assert in_every_language(sentence) == {
        "en": "Filing JP 2024-000001 added",
        "ja": "出願 JP 2024-000001 を追加",
    }


def test_values_are_translated_with_the_sentence_and_lists_are_joined():
    sentence = Sentence(
        gettext_lazy("Steering committee %(verdict)s: %(note)s"), verdict=gettext_lazy("approved"), note=["a", "b"]
    )
    texts = in_every_language(sentence)
    assert texts["en"] == "Steering committee approved: a, b"
    assert texts["ja"] != texts["en"] and "a, b" in texts["ja"]


def test_choice_label_stays_lazy_until_rendered(db):
    from kyoso.docket.models import Deadline

    deadline = Deadline(state="done")
    label = choice_label(deadline, "state")
    with translation.override("ja"):
        japanese = str(label)
    with translation.override("en"):
        assert str(label) != japanese
