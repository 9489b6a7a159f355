-- Agent token rotation and activation revocation (issue 14).
-- A rotation is asked for by an operator (token_rotation_requested_at); the agent's next call with its current token
-- mints a successor whose SHA-256 waits in next_token_sha256 until the agent first uses it, which makes it the token
-- and ends the old one. Until then the old token keeps working, so a lost answer never locks the agent out.
alter table target
    add column token_rotation_requested_at timestamptz,
    add column next_token_sha256           text unique;

-- A revoked activation registers no more hosts; hosts it registered keep working.
alter table activation
    add column revoked_at timestamptz,
    add column revoked_by text;
