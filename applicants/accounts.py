"""How django-allauth shows an account: by its e-mail address (there are no usernames)."""


def user_display(user) -> str:
    return user.email
