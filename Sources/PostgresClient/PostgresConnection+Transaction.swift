import CLibPQ

/// Transaction isolation levels.
public enum PostgresIsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func withTransaction<T>(
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try runScript("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        // COMMIT of an aborted transaction silently rolls back; report it instead.
        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollbackQuietly()
            throw PostgresError(
                code: .server, message: "the transaction was aborted by an earlier error and has been rolled back",
                sqlState: .inFailedTransaction)
        }
        try runScript("COMMIT")
        return value
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back to when it throws
    /// (the surrounding transaction then goes on).
    public func withSavepoint<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        savepointCounter += 1
        let name = "riwayat_sp_\(savepointCounter)"
        defer { savepointCounter -= 1 }
        try runScript("SAVEPOINT \(name)")
        do {
            let value = try body(self)
            try runScript("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            if !isBroken {
                try? runScript("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    /// Rolls back any open transaction, ignoring failures (the connection may be broken). A
    /// statement still under way (a COPY left open) is ended first.
    public func rollbackQuietly() {
        guard !isBroken else { return }
        if PQtransactionStatus(handle) == PQTRANS_ACTIVE { drainResults() }
        guard PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        try? runScript("ROLLBACK")
    }
}
