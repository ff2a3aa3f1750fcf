/// The read-model rows of some streams: employees' and agencies'.
public struct ProjectedRows: Sendable, Hashable {
    public var employees: [EmployeeRows] = []
    public var agencies: [AgencyRows] = []

    public init(employees: [EmployeeRows] = [], agencies: [AgencyRows] = []) {
        self.employees = employees
        self.agencies = agencies
    }
}
