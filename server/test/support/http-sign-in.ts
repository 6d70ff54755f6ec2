/** Follows Brandgen's sign-in through the test provider's own login form with plain HTTP, keeping cookies like a browser. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** Returns the last response (Brandgen's answer to the callback) and the jar holding its cookies. */
export async function signInOverHttp(
  startUrl: string,
  login: string,
  jar = new CookieJar(),
): Promise<{ response: Response; jar: CookieJar }> {
  let url = startUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    if (new URL(url).pathname === '/auth/callback') {
      return { response: new Response(await response.text(), { status: response.status, headers: response.headers }), jar };
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = {};
      continue;
    }
    const body = await response.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="login"/.exec(body);
    if (response.status === 200 && form) {
      url = new URL(form[1]!, url).href;
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
      };
      continue;
    }
    return { response: new Response(body, { status: response.status, headers: response.headers }), jar };
  }
  throw new Error('sign-in did not finish in 20 steps');
}
