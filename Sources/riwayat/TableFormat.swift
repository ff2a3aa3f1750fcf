import ArgumentParser
import CareerDomain
import Foundation
import Projections

/// Output formats for tables.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}
