"""The sign-in library's Swedish, in the application's words.

django-allauth's Swedish catalogue writes "epost", "mail" and "Vänligen"; Jämlik writes "e-post",
"mejl" and asks without "vänligen". Our catalogue (``LOCALE_PATHS``) is read before the library's,
so listing the library's messages here puts them into ``jamlik/locale/sv`` (``make messages``),
where their Swedish is ours. The messages are never used from this module; nothing imports it.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

OVERRIDDEN = (
    _("You cannot remove your primary email address."),
    _("This email address is already associated with this account."),
    _("A user is already registered with this email address."),
    _("You cannot add more than %d email addresses."),
    _("Your primary email address must be verified."),
    _("Please select only one."),
    _("Mark selected email addresses as verified"),
    _("Username, email or phone"),
    _("Username or email"),
    _("Email address confirmation"),
    _("You must type the same email each time."),
    _("email address"),
    _("email addresses"),
    _("email confirmation"),
    _("email confirmations"),
    _("View your email address"),
    _("You cannot add an email address to an account protected by two-factor authentication."),
    _("You cannot activate two-factor authentication until you have verified your email address."),
    _(
        "An account already exists with this email address. Please sign in to that account first, then connect your %s account."
    ),
    _("Your account has no verified email address."),
    _("Please reauthenticate to safeguard your account."),
    _("Enter Email Verification Code"),
    _("Use a different email address"),
    _("The following email addresses are associated with your account:"),
    _("Add Email Address"),
    _("Add Email"),
    _("Do you really want to remove the selected email address?"),
    _(
        "You are receiving this email because you or someone else tried to signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\nforgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    _("You are receiving this mail because the following change was made to your account:"),
    _("Your email has been changed from %(from_email)s to %(to_email)s."),
    _("Your email has been confirmed."),
    _(
        "You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."
    ),
    _("Your email verification code is listed below. Please enter it in your open browser window."),
    _("Please Confirm Your Email Address"),
    _("Your sign-in code is listed below. Please enter it in your open browser window."),
    _("This mail can be safely ignored if you did not initiate this action."),
    _("Your password reset code is listed below. Please enter it in your open browser window."),
    _(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    _(
        "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database."
    ),
    _("Current email"),
    _("Your email address is still pending verification."),
    _("Change Email"),
    _("Confirm Email Address"),
    _('Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'),
    _(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    _("You cannot remove your primary email address (%(email)s)."),
    _("Confirmation email sent to %(email)s."),
    _("Removed email address %(email)s."),
    _("Primary email address set."),
    _("Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."),
    _("Please contact us if you have any trouble resetting your password."),
    _(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    _(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    ),
    _("Verify Your Email Address"),
    _(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    _(
        "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. "
    ),
    _(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    ),
    _('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'),
    _("Please confirm the code shown on your %(client_name)s to authorize this device."),
    _("Your account is protected by two-factor authentication. Please enter an authenticator code:"),
)
