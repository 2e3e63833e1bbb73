# pragma version ^0.4.0
# A receiver like sprout's test `Store` contract: keeps the last proof and the values sprout
# maps to the other inputs, so the test reads them back with eth_call.

proof: public(Bytes[8192])
projectId: public(uint256)
receiver: public(address)
note: public(String[256])
count: public(uint256)


@external
def submit(_proof: Bytes[8192], _projectId: uint256, _receiver: address, note: String[256]):
    assert len(_proof) > 0, "empty proof"
    self.proof = _proof
    self.projectId = _projectId
    self.receiver = _receiver
    self.note = note
    self.count += 1


@external
def reject(_proof: Bytes[8192]):
    raise "proof rejected by the receiver"
