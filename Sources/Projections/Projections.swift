import CareerDomain
import EventStore

/// Read models rebuilt from the event log.
public enum Projections {}
