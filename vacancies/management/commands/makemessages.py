from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # msgmerge's fuzzy guesses pair unrelated strings ("institution" -> "position"): a new
    # string arrives untranslated instead, and check-messages asks for its translation
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
