package dev.zeroloss.bench.jmh_generated;
public class PoolBench_jmhType extends PoolBench_jmhType_B3 {
}

