import CLibPQ

extension PostgresConnection {
    /// Sends all statements in one round trip (libpq pipeline mode) and returns their results.
    ///
    /// Outside an explicit transaction the statements form one implicit transaction: they land
    /// whole, or, if one fails, none does and the thrown error's `statementIndex` says which.
    public func pipeline(_ statements: [PostgresQuery]) throws -> [PostgresRows] {
        try ensureOpen()
        guard !statements.isEmpty else { return [] }
        for statement in statements {
            if let name = statement.preparedName { try prepare(statement, as: name) }
        }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        _ = PQsetnonblocking(handle, 1)
        defer {
            _ = PQexitPipelineMode(handle)
            _ = PQsetnonblocking(handle, 0)
        }
        for statement in statements {
            let sent = try withParameters(statement.bindings) { count, values, _ in
                if let name = statement.preparedName {
                    return PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
                }
                return PQsendQueryParams(handle, statement.sql, count, nil, values, nil, nil, 0)
            }
            guard sent == 1 else {
                let failure = connectionError()
                _ = PQpipelineSync(handle)
                drainPipeline()
                throw failure
            }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }

        var rows = [PostgresRows]()
        rows.reserveCapacity(statements.count)
        var failure: PostgresError?
        for index in statements.indices {
            // Each statement yields one result followed by NULL. PQgetResult flushes pending
            // output and reads input as needed, so large pipelines cannot deadlock.
            guard let result = PQgetResult(handle) else {
                throw failure ?? connectionError()
            }
            let status = PQresultStatus(result)
            switch status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                rows.append(PostgresRows(result: result))
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if failure == nil {
                    var error = error(from: result)
                    error.statementIndex = index
                    failure = error
                }
                PQclear(result)
            }
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        // The sync point.
        if let sync = PQgetResult(handle) {
            PQclear(sync)
        }
        if let failure { throw failure }
        return rows
    }

    private func drainPipeline() {
        while true {
            guard let result = PQgetResult(handle) else {
                if PQstatus(handle) != CONNECTION_OK { return }
                continue
            }
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { return }
        }
    }
}
