import { Injectable } from '@nestjs/common';
import { AwsCallRecorder } from '@app/aws';
import { awsRequestsTotal } from './metrics';

/** Counts every AWS call the app's clients send as `aws_requests_total{service,operation}`. */
@Injectable()
export class AwsRequestMetrics {
  constructor(recorder: AwsCallRecorder) {
    recorder.onCall(({ service, operation }) => awsRequestsTotal.inc({ service, operation }));
  }
}
