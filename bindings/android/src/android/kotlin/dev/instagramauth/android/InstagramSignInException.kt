package dev.instagramauth.android

/**
 * Why the browser part of a sign-in did not produce Instagram's answer. What Instagram
 * answered is checked by the core, whose errors are `InstagramAuthException`.
 */
sealed class InstagramSignInException(message: String) : Exception(message) {
    /**
     * No web browser is installed (or the one chosen was removed): the consent page cannot
     * be shown. Ask the user to install or enable a browser.
     */
    class NoBrowser : InstagramSignInException(
        "No web browser is installed or enabled on this device; Instagram's sign-in page needs one. Install or enable a browser, then try again.",
    )

    /** The user closed the sign-in tab or came back to the app without answering. Usually nothing to show. */
    class Cancelled : InstagramSignInException("The Instagram sign-in was closed before it finished.")

    /**
     * An answer arrived but no sign-in is waiting for it: it was already handled, or the app's
     * data was cleared meanwhile. Start a new sign-in.
     */
    class NotInProgress : InstagramSignInException(
        "No Instagram sign-in is in progress for this answer; it was already handled or the app's data was cleared. Start a new sign-in.",
    )
}
