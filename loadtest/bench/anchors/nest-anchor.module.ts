/**
 * The one-controller Nest module both Nest anchors serve: GET /health/live → {"status":"ok"},
 * nothing else (no middleware, pipes, guards, interceptors or logger), so that an anchor measures
 * Nest's own routing on its adapter.
 */
import { Controller, Get, Module } from '@nestjs/common';

@Controller('health')
export class AnchorHealthController {
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [AnchorHealthController] })
export class AnchorModule {}
