import Crypto
import Foundation

/// Why migrations could not run.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateNumber(String, String)
    case directoryUnreadable(String)
    case changedAfterApply(name: String, recorded: String, current: String)
    case missingFile(String)
    case outOfOrder(new: String, latestApplied: String)
    case invariantBroken(migration: String, invariant: String, reason: String)
    case failed(migration: String, reason: String)
    /// The privileges after the run are not the intended ones.
    case privileges([String])

    public var description: String {
        switch self {
        case .badFileName(let name):
            return "migration file \(name) does not match NNNN_lowercase_name.sql"
        case .duplicateNumber(let first, let second):
            return "migrations \(first) and \(second) share a number"
        case .directoryUnreadable(let path):
            return "cannot read migrations from \(path)"
        case .changedAfterApply(let name, let recorded, let current):
            return
                "migration \(name) was changed after it was applied (recorded checksum \(recorded.prefix(12))…, file now "
                + "\(current.prefix(12))…); "
                + "applied migrations are immutable: add a new migration instead"
        case .missingFile(let name):
            return "migration \(name) was applied but its file is gone"
        case .outOfOrder(let new, let latest):
            return "migration \(new) is new but \(latest) is already applied: number new migrations after the last one"
        case .invariantBroken(let migration, let invariant, let reason):
            return "migration \(migration) breaks the invariant \"\(invariant)\": \(reason); it was rolled back"
        case .failed(let migration, let reason):
            return "migration \(migration) failed and was rolled back: \(reason)"
        case .privileges(let problems):
            return "the schema's privileges are not as intended after applying \(Migration.privilegesFileName): "
                + problems.joined(separator: "; ")
        }
    }
}
