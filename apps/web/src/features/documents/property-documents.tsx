/** The property's documents, grouped by family, with the drop zone to add more. */
export function PropertyDocuments({ propertyId }: { propertyId: string }) {
  return <section aria-label="Documents" data-property-id={propertyId} />;
}
