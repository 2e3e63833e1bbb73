# pragma version ^0.4.0
# Emits sprout's registry event, ProjectUpserted(uint64 indexed projectId, string uri, bytes32 hash)
# (sprout v0.8 smartcontracts/contracts/ProjectRegistrar.sol), for the node's watcher.

event ProjectUpserted:
    projectId: indexed(uint64)
    uri: String[1024]
    hash: bytes32


@external
def upsert(projectId: uint64, uri: String[1024], hash: bytes32):
    log ProjectUpserted(projectId=projectId, uri=uri, hash=hash)
