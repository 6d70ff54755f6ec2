import { chromium } from 'playwright-core';
const [url, out, w, h] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
await page.goto(url!, { waitUntil: 'networkidle' });
await page.waitForTimeout(800);
await page.screenshot({ path: out! });
await browser.close();
