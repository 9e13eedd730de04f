import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../../config.js';
import { AppError, BadUserInputError, translateDatabaseError } from '../../errors.js';
import type { Services } from '../../services.js';
import { buildDataFeed, CLAIMREVIEW_PATH } from './claimreview.build.js';

const JSON_LD = 'application/ld+json';
/** Findings change rarely; a minute of caching spares the database from crawlers without delaying corrections much. */
const CACHE = 'public, max-age=60';
const STATUS: Partial<Record<AppError['code'], number>> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503 };

/**
 * ClaimReview JSON-LD over plain HTTP, where search engines and fact-check
 * aggregators look for it: GET /claimreview/{statement id} for one review,
 * GET /claimreview?first=&after= for the paginated feed of all of them.
 */
export function claimReviewRouter(services: Services, config: Pick<Config, 'publicUrl'>): Router {
  const router = Router();

  router.get(
    CLAIMREVIEW_PATH,
    handle(async (req, res) => {
      const page = await services.claimReviews.feed({ first: firstParam(req.query.first), after: stringParam(req.query.after, 'after') });
      const next = page.nextCursor
        ? `${config.publicUrl}${CLAIMREVIEW_PATH}?first=${page.first}&after=${encodeURIComponent(page.nextCursor)}`
        : null;
      send(res, buildDataFeed(page.reviews, next));
    }),
  );

  router.get(
    `${CLAIMREVIEW_PATH}/:id`,
    handle(async (req, res) => {
      send(res, await services.claimReviews.forStatement(String(req.params.id)));
    }),
  );

  return router;
}

function send(res: Response, document: unknown): void {
  res.status(200).set('Cache-Control', CACHE).type(JSON_LD).send(JSON.stringify(document));
}

/**
 * Client errors and an unavailable database answer in JSON with their code;
 * anything else goes on to the app's error handler, which logs it and masks it.
 */
function handle(work: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      await work(req, res);
    } catch (error) {
      const known = error instanceof AppError ? error : error instanceof Error ? translateDatabaseError(error) : undefined;
      const status = known ? STATUS[known.code] : undefined;
      if (!known || status === undefined) {
        next(error);
        return;
      }
      // A missing review may be published a minute later; never cache the absence.
      res.status(status).set('Cache-Control', 'no-store').json({ error: { code: known.code, message: known.message } });
    }
  };
}

function stringParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadUserInputError(`${name} must be given once`, name);
  return value;
}

function firstParam(value: unknown): number | undefined {
  const raw = stringParam(value, 'first');
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new BadUserInputError(`first must be a whole number (got "${raw.slice(0, 20)}")`, 'first');
  return Number(raw);
}
