/** The Figma plugin, built by this server for itself: its manifest already allows this server's address. */
export function FigmaPluginSection() {
  return (
    <section className="figma-plugin-section" aria-labelledby="figma-plugin-title">
      <h2 id="figma-plugin-title">Figma plugin</h2>
      <p className="settings-intro">
        Generate on-brand images without leaving Figma. The download is made for this server, so the plugin signs in here. In Figma, choose
        Plugins → Development → Import plugin from manifest… and pick <code>manifest.json</code> from the unzipped folder.
      </p>
      <a className="button button-primary" href="/api/figma-plugin.zip" download="brandgen-figma-plugin.zip">
        Download the Figma plugin
      </a>
    </section>
  );
}
