"""devaudit benchmarks (``make bench``): throughput, CLI start-up, fleet audits, live collection."""
