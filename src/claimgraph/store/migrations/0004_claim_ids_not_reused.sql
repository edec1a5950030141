-- Claim ids are never given twice, even after the claims that had them are removed (a re-extracted
-- article's claims get new ids): what names a claim (`measure split`, a web chart's key) stays true.
INSERT INTO store_state (key, value) SELECT 'last_claim_id', coalesce(max(id), 0) FROM claims;
