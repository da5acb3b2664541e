//! Benchmark support: the rule sets the benches dispatch against and the
//! tools the load scripts run (see docs/BENCHMARKS.md).
