/**
 * Imported first by the entry point, before anything queues work on libuv's thread pool (the pool reads this once, on
 * its first use). Its default of four threads is shared by file writes with their fsyncs, sharp's decoding and
 * encoding, and crypto: four images written at once then occupy every thread while they wait on the disk, and the
 * decodes that score and thumbnail the same images queue behind them. Sixteen threads let the CPU work run while the
 * writes wait; an operator's own UV_THREADPOOL_SIZE is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
