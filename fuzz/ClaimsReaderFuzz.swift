// Fuzz target: the claims-file readers (`ClaimsFile.decode` and `ClaimIndex`).
//
// Built by scripts/fuzz.sh together with the LedgerCore sources (one module, so internal API
// is visible), with `-sanitize=fuzzer,address`. Not part of the package.
//
// Beyond "never crash", it checks what the hooks rely on:
// - a file the full reader accepts round-trips: encode(decode(x)) decodes to the same claims;
// - the lazy reader (`ClaimIndex`, used by the hooks) accepts every file the full reader
//   accepts, and its lookups find every claim the full reader saw.

@_cdecl("LLVMFuzzerTestOneInput")
public func claimsReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  checkClaimsFile(bytes)
  return 0
}

/// Runs both readers on `bytes` and checks that they agree (traps on a disagreement).
func checkClaimsFile(_ bytes: [UInt8]) {
  let path = "/fuzz/.git/ledger/claims.jsonl"
  let now = Timestamp(seconds: 1_900_000_000)

  // The lazy reader must never crash, whatever the bytes.
  let index = try? ClaimIndex(bytes: bytes, path: path)
  if let index {
    _ = index.othersMayHoldClaims(besides: nil, at: now)
    _ = index.claimCount
    for probe in ["", "a", "src/a.swift", "src/", "Src/A.SWIFT", "caf\u{E9}/x", "a/b/c/d"] {
      _ = try? index.candidates(for: probe)
    }
    _ = try? index.allClaims()
    _ = try? index.claimsByAnchor()
  }

  guard let claims = try? ClaimsFile.decode(bytes, path: path) else { return }

  // Round trip.
  let encoded = ClaimsFile.encode(claims, written: now)
  guard let again = try? ClaimsFile.decode(encoded, path: path) else {
    fatalError("a claims file the reader accepted does not read back after encoding")
  }
  precondition(
    again == claims.sorted(by: ClaimOrder.precedes),
    "encode(decode(x)) changed the claims")
  precondition(ClaimsFile.encode(again, written: now) == encoded, "encoding is not stable")

  // The hooks' reader agrees with the full reader on the file it just wrote.
  guard let fresh = try? ClaimIndex(bytes: encoded, path: path) else {
    fatalError("ClaimIndex refuses a file ClaimsFile.encode wrote")
  }
  guard let all = try? fresh.allClaims(), all == again else {
    fatalError("ClaimIndex.allClaims differs from ClaimsFile.decode")
  }
  for claim in again where claim.spec.kind == .file {
    guard let found = try? fresh.candidates(for: claim.spec.text), found.contains(claim) else {
      fatalError("ClaimIndex.candidates(for: \(claim.spec.text)) misses its own file claim")
    }
  }
}
