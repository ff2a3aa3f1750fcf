import Crypto
import Foundation

/// One numbered plain-SQL schema migration (`sql/0001_name.sql`).
public struct Migration: Sendable, Hashable {
    /// The file name, e.g. `0001_foundation.sql`.
    public var name: String
    /// The leading number.
    public var number: Int
    /// The SQL text, run in one transaction.
    public var sql: String
    /// SHA-256 of the file's bytes, in hex.
    public var checksum: String

    public init(name: String, sql: String) throws {
        guard let number = Migration.number(fromFileName: name) else {
            throw MigrationError.badFileName(name)
        }
        self.name = name
        self.number = number
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `0001_name.sql` gives 1; other names give `nil`.
    static func number(fromFileName name: String) -> Int? {
        guard name.hasSuffix(".sql") else { return nil }
        let stem = name.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let label = stem[stem.index(after: underscore)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let number = Int(digits), number > 0,
            !label.isEmpty, label.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return nil }
        return number
    }

    /// The script of grants and roles every run applies after the numbered migrations.
    public static let privilegesFileName = "privileges.sql"

    /// Reads every `*.sql` file of `directory` (but `privileges.sql`), sorted by number. Two files
    /// with one number, or a `.sql` file whose name breaks the pattern, are errors.
    public static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".sql") && $0 != privilegesFileName }
        } catch {
            throw MigrationError.directoryUnreadable(directory)
        }
        var migrations = [Migration]()
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError.directoryUnreadable(path)
            }
            migrations.append(try Migration(name: name, sql: sql))
        }
        migrations.sort { $0.number < $1.number }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.number == next.number {
            throw MigrationError.duplicateNumber(previous.name, next.name)
        }
        return migrations
    }

    /// `privileges.sql` of `directory`, if there is one.
    public static func loadPrivileges(directory: String) throws -> String? {
        let path = directory + "/" + privilegesFileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8) else {
            throw MigrationError.directoryUnreadable(path)
        }
        return sql
    }

    /// Where the migrations are: `explicit`, else `RIWAYAT_MIGRATIONS`, else `./sql`, else the
    /// `sql/` folder of the source tree this binary was built from.
    public static func locateDirectory(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment["RIWAYAT_MIGRATIONS"], !fromEnvironment.isEmpty { return fromEnvironment }
        let local = FileManager.default.currentDirectoryPath + "/sql"
        if FileManager.default.fileExists(atPath: local + "/0001_foundation.sql") { return local }
        let sourceTree = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sql").path
        if FileManager.default.fileExists(atPath: sourceTree + "/0001_foundation.sql") { return sourceTree }
        throw MigrationError.directoryUnreadable("sql (looked in ./sql and \(sourceTree); use --migrations-dir)")
    }
}
