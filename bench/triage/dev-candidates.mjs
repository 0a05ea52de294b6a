// A labeled property as core's selectCandidates hands it to the matcher (participants, then
// prospects): for the dev-only runners that call the rules directly.
export const asCandidate = (p) => ({
  id: p.key,
  title: p.title,
  address: p.address,
  postalCode: p.postalCode,
  city: p.city,
  mandateNumber: p.mandateNumber,
  price: p.price,
  details: p.details,
  participants: [...(p.participants ?? []), ...(p.prospects ?? []).map((x) => ({ ...x, role: 'PROSPECT' }))].map((x) => ({
    role: x.role,
    firstName: x.firstName,
    lastName: x.lastName,
    email: x.email ?? null,
    phone: x.phone ?? null,
  })),
});
