import { Injectable } from '@nestjs/common';
import { IntakeEnv } from '../config/intake.env';

/** Test hook for the kill -9 tests: INTAKE_CRASH_POINT=after-store kills the process there. */
@Injectable()
export class CrashPoints {
  constructor(private readonly env: IntakeEnv) {}

  reached(point: 'after-store'): void {
    if (this.env.INTAKE_CRASH_POINT === point) process.kill(process.pid, 'SIGKILL');
  }
}
