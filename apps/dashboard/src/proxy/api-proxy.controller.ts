import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiProxy } from './api-proxy';

/**
 * `/api/…`, every method, handed to the proxy. A route rather than a middleware: the metrics label
 * every proxied call with this one route pattern, never with the path (ids, probes) it was called on.
 */
@Controller('api')
export class ApiProxyController {
  constructor(@Inject(ApiProxy) private readonly proxy: ApiProxy) {}

  @All('{*path}')
  forward(@Req() request: Request, @Res() response: Response): void {
    this.proxy.forward(request, response);
  }
}
