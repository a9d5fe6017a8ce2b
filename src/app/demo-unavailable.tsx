// Shown instead of the console when the demo's simulated Codat cannot start in this browser.
export function DemoUnavailable({ error }: { error: unknown }) {
  const noServiceWorker = !('serviceWorker' in navigator)
  return (
    <main id="main" className="app-main">
      <section className="panel" role="alert" aria-labelledby="demo-unavailable-title">
        <h1 id="demo-unavailable-title">The demo cannot start in this browser</h1>
        <p>
          The demo runs a simulated Codat inside the browser, in a service worker.{' '}
          {noServiceWorker
            ? 'This page has no access to service workers: browsers allow them only on HTTPS or localhost, and not in some private windows.'
            : 'The service worker could not be registered.'}
        </p>
        <p>
          Serve the demo over HTTPS (or open it on <code>localhost</code>) in a normal window, then
          reload. To run it locally: <code>npm run build:demo</code> and serve{' '}
          <code>dist-demo/</code>, or <code>npm run dev</code>.
        </p>
        <p className="muted">
          Details: <code>{error instanceof Error ? error.message : String(error)}</code>
        </p>
      </section>
    </main>
  )
}
