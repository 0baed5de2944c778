import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { maskValue } from './mask';

/**
 * Powertools' structured JSON line (level, message, timestamp, service, Lambda context, trace id, then the call's own
 * attributes), with every value masked (lambda/shared/mask.ts) before the line is written.
 */
export class MaskingLogFormatter extends LogFormatter {
  public formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const item = new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    });
    item.addAttributes(additionalLogAttributes);
    item.setAttributes(maskValue(item.getAttributes()) as LogAttributes);
    return item;
  }
}

/** The handlers' logger: Powertools' Logger whose lines are masked before they are written. */
export function createLogger(serviceName?: string): Logger {
  return new Logger({ ...(serviceName ? { serviceName } : {}), logFormatter: new MaskingLogFormatter() });
}
