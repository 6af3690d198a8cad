/**
 * @app/processing: running one order to its end, exactly once in effect — the
 * path the sync endpoint and the processor share: claim under a lease, fulfil
 * while a LeaseGuard keeps the lease, then complete or fail with a write fenced
 * by the lease. The fulfilment itself is simulated (FulfilmentSimulator).
 */
export * from './order-processing.service';
export * from './lease-guard';
export * from './fulfilment.simulator';
export * from './processing.module';
