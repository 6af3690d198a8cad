import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { freePort, REPO_ROOT } from '@app/emulator';
import {
  AppProcess,
  appEnvironment,
  MotoServer,
  provisionTestEnvironment,
  signedServiceToken,
} from '@app/testing';
import { CUSTOMER_ID, statusPath, uniqueId } from './receiver-harness';

/** Debian's chromium package; playwright-core drives it and downloads no browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
/**
 * The page is opened as http://receiver.test, mapped to 127.0.0.1 inside the browser: a
 * loopback address counts as a secure origin, where `upgrade-insecure-requests` and other
 * https-only rules never apply, so it would hide what a browser does with the docs of a
 * receiver served over plain HTTP.
 */
const HOST = 'receiver.test';
const SCREENSHOT = resolve(REPO_ROOT, 'test-artifacts/docs.png');

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

/** Swagger UI at /docs, in headless Chromium, against the built receiver. */
describe('order-receiver Swagger UI in a browser (e2e, moto, chromium)', () => {
  let moto: MotoServer;
  let receiver: AppProcess;
  let api: string;
  let docs: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  /** What the browser reported that a working page never does. */
  const problems: string[] = [];
  const offHost: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does`,
      );
    }
    moto = await MotoServer.start();
    const { locations } = await provisionTestEnvironment(moto.endpoint);
    token = await signedServiceToken(locations.identity!);
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    docs = `http://${HOST}:${port}/docs`;
    receiver = await AppProcess.start(
      'order-receiver',
      { ...appEnvironment(moto.endpoint, locations), LOG_LEVEL: 'warn', PROCESSING_TIME_MS: '10' },
      port,
    );

    profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      ],
    });
    // Nothing leaves for another host (a validator badge, a CDN): it is refused and recorded.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === HOST) return route.continue();
      offHost.push(url.href);
      return route.abort();
    });
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI))`,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (/Content.Security.Policy|CSP violation/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      if (!offHost.includes(request.url()))
        problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    await page.goto(docs);
    // Every test runs authorized, as a user would after pasting a token into "Authorize".
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').fill(token);
    await dialog.locator('button.modal-btn.authorize').click();
    await dialog.locator('button.btn-done').click();
  }, 120000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await receiver?.stop();
    await moto?.stop();
  });

  it('lists every route of the OpenAPI document', async () => {
    const document = (await (await fetch(`${api}/docs-json`)).json()) as OpenApi;
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented).toHaveLength(6);
    await page
      .locator('.opblock')
      .nth(documented.length - 1)
      .waitFor();
    const listed = await page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (b) =>
            `${b.querySelector('.opblock-summary-method')?.textContent} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
    expect(listed.sort()).toEqual(documented.sort());
  });

  it('sends an async order with "Try it out", authorized with a bearer token, and shows 202', async () => {
    const orderId = uniqueId('browser');
    const operation = page.locator('.opblock', {
      has: page.locator('.opblock-summary-path[data-path="/orders/async"]'),
    });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const body = operation.locator('textarea.body-param__text');
    // The editor starts with the documented example.
    expect(JSON.parse(await body.inputValue())).toMatchObject({ orderId: 'order-2026-0001' });
    await body.fill(
      JSON.stringify({
        orderId,
        customerId: CUSTOMER_ID,
        items: [{ productId: 'sku-1', quantity: 1, price: 5 }],
      }),
    );
    await operation.getByRole('button', { name: 'Execute' }).click();

    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor();
    expect((await status.first().innerText()).trim()).toBe('202');
    expect(
      await operation.locator('.live-responses-table .response .response-col_description').innerText(),
    ).toContain(statusPath(orderId));
    // The request really reached the receiver.
    const stored = await fetch(`${api}${statusPath(orderId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stored.status).toBe(200);

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('keeps the token given to "Authorize" across a reload and sends it', async () => {
    const orderId = uniqueId('browser-auth');
    const created = await fetch(`${api}/orders/async`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        orderId,
        customerId: CUSTOMER_ID,
        items: [{ productId: 'sku-1', quantity: 1, price: 5 }],
      }),
    });
    expect(created.status).toBe(202);

    // Authorized before the tests; persistAuthorization keeps the token in the browser's storage.
    await page.reload();
    const operation = page.locator('.opblock', {
      has: page.locator('.opblock-summary-path[data-path="/customers/{customerId}/orders/{orderId}"]'),
    });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('input[placeholder="customerId"]').fill(CUSTOMER_ID);
    await operation.locator('input[placeholder="orderId"]').fill(orderId);
    const sent = page.waitForRequest((request) => request.url().endsWith(statusPath(orderId)));
    await operation.getByRole('button', { name: 'Execute' }).click();
    expect((await sent).headers()['authorization']).toBe(`Bearer ${token}`);
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor();
    expect((await status.first().innerText()).trim()).toBe('200');
  });

  it('loaded without CSP violations, page errors, failed requests or other hosts', () => {
    expect(problems).toEqual([]);
    expect(offHost).toEqual([]);
  });
});
