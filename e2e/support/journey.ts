import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** What run.ts hands every journey. */
export interface JourneyContext {
  /** `http://127.0.0.1:<port>` of the server under test. */
  baseUrl: string;
  /** Absolute URL for a path on the server under test. */
  url: (path: string) => string;
  /** The DEMO_PASSWORD the server was started with (random per run). */
  demoPassword: string;
  browser: Browser;
  /** A page in a fresh browser context (own cookies); closed and checked for uncaught errors after the journey. */
  newPage: (options?: BrowserContextOptions) => Promise<Page>;
  /** Saves a full-page PNG as e2e/screenshots/<journey>/<NN>-<step>.png and returns its path. */
  screenshot: (page: Page, step: string) => Promise<string>;
  /** One progress line under the journey's name. */
  log: (message: string) => void;
}

/** A module in e2e/journeys/*.journey.ts. */
export interface JourneyModule {
  name: string;
  run: (ctx: JourneyContext) => Promise<void>;
}
