import { Controller, Get } from '@nestjs/common';

/** Liveness of the dashboard itself (the services behind it have their own /health). */
@Controller('health')
export class DashboardHealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
