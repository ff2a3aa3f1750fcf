import ArgumentParser

/// The `riwayat` command: career history of civil servants (ASN), from an immutable event log.
@main
struct Riwayat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riwayat",
        abstract: "Event-sourced career history of Indonesian civil servants (ASN).",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AppendCommand.self, EventsCommand.self, TailCommand.self,
            VerifyCommand.self, SealCommand.self, GenerateCommand.self, ImportCommand.self, ProjectionsCommand.self,
            ReportCommand.self, ReplayCommand.self, TokenCommand.self, KeyCommand.self, ProofCommand.self, DossierCommand.self,
            WitnessCommand.self,
            DatabaseCommand.self,
        ])
}
