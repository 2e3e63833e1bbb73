# pragma version ^0.4.0
# The method sprout's PoW-ERC20 project 20000 calls (its router's `mine`): records what the node
# mapped into each input, so the test reads it back with eth_call. The proof is kept as its
# length and hash: storing kilobytes would cost millions of gas for nothing the test needs.

depinRC20Address: public(address)
nonce: public(uint256)
sender: public(address)
proofLength: public(uint256)
proofHash: public(bytes32)
count: public(uint256)


@external
def mine(depinRC20Address: address, nonce: uint256, sender: address, proof: Bytes[32768]):
    assert len(proof) > 0, "empty proof"
    self.depinRC20Address = depinRC20Address
    self.nonce = nonce
    self.sender = sender
    self.proofLength = len(proof)
    self.proofHash = keccak256(proof)
    self.count += 1
