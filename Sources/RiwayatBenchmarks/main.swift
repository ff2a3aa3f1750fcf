print("riwayat-bench: no benchmarks yet")
