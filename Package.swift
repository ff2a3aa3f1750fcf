// swift-tools-version:6.1
// Riwayat: an event-sourced career history service for Indonesian civil servants (ASN).
import PackageDescription

let package = Package(
    name: "riwayat",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "riwayat", targets: ["riwayat"]),
        .executable(name: "riwayat-bench", targets: ["RiwayatBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", "5.0.0"..<"7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
    ],
    targets: [
        // libpq, the PostgreSQL C client library (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // jemalloc, the executables' malloc (Debian: libjemalloc-dev).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // Links jemalloc in place of glibc's malloc; its version and purging.
        .target(name: "MemoryAllocator", dependencies: ["CJemalloc"]),
        // Our thin, safe Swift binding over libpq.
        .target(
            name: "PostgresClient",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // A private PostgreSQL cluster started on demand (the zero-config default).
        .target(
            name: "EmbeddedPostgres",
            dependencies: [
                "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Numbered plain-SQL migrations from `sql/`.
        .target(
            name: "SchemaMigrations",
            dependencies: [
                "PostgresClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The pure career domain: no I/O, depends on nothing of ours.
        .target(name: "CareerDomain"),
        // The immutable, gapless, hash-chained event log.
        .target(
            name: "EventStore",
            dependencies: [
                "PostgresClient",
                "SchemaMigrations",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Career records in the log: validation before append, import.
        .target(
            name: "CareerLog",
            dependencies: [
                "EventStore",
                "CareerDomain",
                "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Read models rebuilt from the log.
        .target(
            name: "Projections",
            dependencies: [
                "CareerLog",
                "EventStore",
                "CareerDomain",
                "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The HTTP query daemon.
        .target(
            name: "QueryDaemon",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                "Projections",
                "CareerLog",
                "EventStore",
                "CareerDomain",
                "PostgresClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/pages")]
        ),
        // The `riwayat` command line.
        .executableTarget(
            name: "riwayat",
            dependencies: [
                "Projections",
                "CareerLog",
                "CareerDomain",
                "QueryDaemon",
                "EventStore",
                "SchemaMigrations",
                "EmbeddedPostgres",
                "PostgresClient",
                "MemoryAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `riwayat-bench`: benchmarks with same-run baselines.
        .executableTarget(
            name: "RiwayatBenchmarks",
            dependencies: [
                "Projections",
                "CareerLog",
                "CareerDomain",
                "EventStore",
                "PostgresClient",
                "EmbeddedPostgres",
                "SchemaMigrations",
                "MemoryAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: [
                "PostgresClient", "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CareerDomainTests",
            dependencies: ["CareerDomain", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore", "PostgresClient", "EmbeddedPostgres", "SchemaMigrations", "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RiwayatTests",
            dependencies: [
                // The executable: the tests run the built `riwayat` binary.
                "riwayat", "MemoryAllocator", "SchemaMigrations", "EventStore", "CareerDomain", "CareerLog", "Projections", "QueryDaemon",
                "PostgresClient", "EmbeddedPostgres", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared test fixtures: the throwaway cluster and a database per test.
        .target(
            name: "TestSupport",
            dependencies: [
                "PostgresClient", "EmbeddedPostgres", "SchemaMigrations", "EventStore", "CareerDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
    ]
)
