-- The predicate of a claim: the verb that carries its number ("killed", "send"), as extraction reads it
-- off the clause (Claim.predicate). Tracking's predicate families read it; a claim stored before it was
-- kept has NULL here and is read from its text as before.

ALTER TABLE claims ADD COLUMN predicate TEXT;
