import SproutCoreField

/// An algebraic intermediate representation of one table: its columns and the polynomial
/// constraints every row must satisfy, emitted through an ``AIRBuilder`` (in the manner of
/// Plonky3's `Air::eval`).
///
/// A table is a `2^logHeight × mainWidth` matrix over 𝔽ₚ (the main trace, chosen by the prover),
/// optionally beside a fixed `2^logHeight × preprocessedWidth` matrix (the preprocessed trace, part
/// of the statement and committed once at setup). Constraints relate the current and next rows,
/// the first and last rows, and the table's public values; lookups (``AIRBuilder/send(bus:values:multiplicity:)``)
/// connect tables through the LogUp argument.
///
/// The AIR knows nothing of commitments or FRI: the STARK module turns it into a proof system.
/// Threading: conforming types are immutable descriptions (`Sendable`).
public protocol AIR: Sendable {
    /// A human-readable name, used in error messages.
    var name: String { get }
    /// Number of main trace columns (≥ 1).
    var mainWidth: Int { get }
    /// Number of preprocessed columns (default 0).
    var preprocessedWidth: Int { get }
    /// Number of public values the constraints may read (default 0).
    var numberOfPublicValues: Int { get }
    /// The preprocessed trace (`preprocessedWidth` columns, power-of-two height), or `nil` when
    /// `preprocessedWidth == 0`. Its height fixes the table's height.
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>?
    /// Emits the constraints and lookups into `builder`.
    func evaluate(_ builder: inout AIRBuilder)
    /// How many consecutive lookup terms share one LogUp helper column (default 1, at most 16;
    /// see ``LogUp``): fewer auxiliary columns to commit, for a LogUp constraint degree of
    /// `1 + Σ` fingerprint degrees of the group.
    var lookupBatchSize: Int { get }
}

extension AIR {
    public var preprocessedWidth: Int { 0 }
    public var numberOfPublicValues: Int { 0 }
    public func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { nil }
    public var lookupBatchSize: Int { 1 }
}
