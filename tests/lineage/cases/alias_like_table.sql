-- title: P28-1 an unqualified table aliased by its own name in another case is the table, completed like any other (Metabase's LEFT JOIN locations Locations)
-- dialect: postgres
-- schema: {"public.locations": {"id": "int", "street": "text"}, "public.credits": {"id": "int", "amount": "int"}}
SET search_path TO public;
CREATE VIEW public.credits_with_locations AS
SELECT credits.amount, Locations.street
FROM credits
LEFT JOIN locations Locations ON credits.id = Locations.id;
-- expect:
-- public.credits.amount -> public.credits_with_locations.amount DIRECT.IDENTITY @3
-- public.locations.street -> public.credits_with_locations.street DIRECT.IDENTITY @3
-- public.credits.id -> public.credits_with_locations.amount INDIRECT.JOIN @5
-- public.locations.id -> public.credits_with_locations.amount INDIRECT.JOIN @5
-- public.credits.id -> public.credits_with_locations.street INDIRECT.JOIN @5
-- public.locations.id -> public.credits_with_locations.street INDIRECT.JOIN @5
