import { Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '@sa/auth';
import { ProblemException, PROBLEM_TYPES } from '@sa/errors';
import { APP_CONFIG } from '@sa/platform';
import type { VerificationConfig } from '../config';
import { CommandBus } from '@nestjs/cqrs';
import { RecordPlatformAnswerCommand } from './record-platform-answer.handler';
import { parsePlatformAnswer } from '../platform/platform-answer';
import { CALLBACK_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../platform/signature';
import { CLOCK, type Clock } from '@sa/time';
import { CallbackAcceptedDto, PlatformCallbackDto } from './platform-callback.dto';
import { RAW_BODY_CAPTURE } from './raw-body';

interface CallbackRequest {
  rawBody?: Buffer;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

const header = (req: CallbackRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

@ApiTags('platform callbacks')
@Controller('platform')
export class PlatformCallbackController {
  private readonly logger = new Logger('PlatformCallbacks');

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RAW_BODY_CAPTURE) _capture: unknown,
  ) {}

  @Post('callbacks')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'An answer of the verification platform (callback)',
    description: [
      'Role-free, but every callback must be signed with the shared secret (VERIFICATION_PLATFORM_HMAC_SECRET):',
      '',
      '    X-Timestamp: <unix seconds>',
      '    X-Signature: sha256=<lower-case hex HMAC-SHA256(secret, "<X-Timestamp>.<raw request body>")>',
      '',
      'Refused, logged and not recorded: a missing or wrong signature, or a timestamp more than',
      'VERIFICATION_CALLBACK_TOLERANCE_SECONDS (300) from our clock → 401; an unknown `requestId` → 404;',
      'a malformed body → 400; records that make no sense (income without a period, negative balance …) → 422.',
      'Idempotent by `callbackId`: a replayed callback answers 200 `duplicate` and changes nothing.',
      'Answers may come in parts (PARTIAL … COMPLETE), late, or not at all (we poll GET /requests/:id, then time out and retry).',
    ].join('\n'),
  })
  @ApiHeader({ name: 'X-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 over "<X-Timestamp>.<raw body>">' })
  @ApiHeader({ name: 'X-Timestamp', required: true, description: 'Unix time in seconds when the callback was signed' })
  @ApiHeader({ name: 'X-Callback-Id', required: false, description: 'Same as body.callbackId (informative)' })
  @ApiBody({ type: PlatformCallbackDto })
  @ApiOkResponse({ type: CallbackAcceptedDto })
  @ApiBadRequestResponse({ description: 'Malformed body (problem+json naming each field)' })
  @ApiUnauthorizedResponse({ description: 'Missing, wrong or stale signature (problem+json)' })
  @ApiNotFoundResponse({ description: 'Unknown requestId (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Records that cannot be taken (problem+json naming the field)' })
  async receive(@Req() req: CallbackRequest): Promise<CallbackAcceptedDto> {
    const raw = req.rawBody;
    if (!raw) {
      this.logger.error({}, 'callback without a raw body: the capture middleware is not installed');
      throw new ProblemException(500, { detail: 'The callback could not be read.' });
    }
    const verdict = verifySignature({
      secret: this.config.VERIFICATION_PLATFORM_HMAC_SECRET,
      timestamp: header(req, TIMESTAMP_HEADER),
      signature: header(req, SIGNATURE_HEADER),
      body: raw,
      nowMs: this.clock.now().getTime(),
      toleranceSeconds: this.config.VERIFICATION_CALLBACK_TOLERANCE_SECONDS,
    });
    if (verdict !== 'ok') {
      this.logger.warn({ verdict, callbackId: header(req, CALLBACK_ID_HEADER)?.slice(0, 128), ip: req.ip, bytes: raw.length }, 'platform callback refused: signature');
      throw new ProblemException(
        401,
        {
          type: PROBLEM_TYPES.unauthorized,
          title: 'Callback signature refused',
          detail: verdict === 'stale' ? 'The callback’s timestamp is too far from our clock (replayed or delayed).' : `The callback signature is ${verdict}.`,
        },
        { 'WWW-Authenticate': 'HMAC-SHA256 realm="verification-platform-callbacks"' },
      );
    }
    const parsed = parsePlatformAnswer(req.body);
    if (!parsed.ok) {
      this.logger.warn({ errors: parsed.errors.slice(0, 10) }, 'platform callback refused: malformed');
      throw new ProblemException(400, {
        type: PROBLEM_TYPES.validation,
        title: 'The callback is not valid',
        detail: parsed.errors.join('; ').slice(0, 2000),
        errors: parsed.errors.map((e) => ({ field: e.split(':')[0]!, message: e })),
      });
    }
    return this.commandBus.execute(new RecordPlatformAnswerCommand(parsed.answer));
  }
}
