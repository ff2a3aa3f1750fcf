/// The career domain of Indonesian civil servants (ASN): identifiers, grades, posts, ratings and
/// the events of a career. Pure Swift: no I/O, no database.
public enum CareerDomain {
    /// The version of the domain's event catalogue.
    public static let catalogueVersion = 1
}
