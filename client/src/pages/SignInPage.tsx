// Shown when the server does not know who this browser is (GET /api/me answered 401): no session
// cookie, or one the server no longer accepts; or right after signing out. The server's reason is
// shown as text.
export function SignInPage({ error, signedOut = false }: { error: string; signedOut?: boolean }) {
  return (
    <main className="page sign-in" data-page="sign-in" data-signed-out={signedOut ? '' : undefined}>
      <h1 className="app-title">Penholder</h1>
      {signedOut ? (
        <>
          <h2>You have signed out</h2>
          <p>
            This browser no longer holds your session. To come back, open your personal access link again; if it no longer
            works, ask the secretariat for a new one.
          </p>
        </>
      ) : (
        <>
          <h2>You need your personal access link to join this negotiation</h2>
          <p className="error" data-sign-in-error>
            The server said: {error}
          </p>
          <p>
            Each participant (co-facilitator, delegation, secretariat, observer) receives a personal link from the
            secretariat. Open that link in this browser to sign in. If your link no longer works, ask the secretariat
            for a new one.
          </p>
        </>
      )}
    </main>
  );
}
