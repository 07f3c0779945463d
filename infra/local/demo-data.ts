import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';

/**
 * Demo data for `npm start`: the sub-processors listed in the SEPTEO addendum, with plausible
 * safeguards for the US ones (the real vendors' certifications are not asserted here), and one chain:
 * a French e-mail provider that sends through a US provider, so the transfers page shows an onward
 * US transfer under an EEA entry (EDPB Opinion 22/2024). The chain is illustrative.
 */
export const DEMO_PROCESSOR = {
  name: 'SEPTEO (demo)',
  address: 'Montpellier, France',
  contactEmail: 'privacy@septeo.example',
};

/** The demo vendor writes to its clients in French unless a contract says otherwise. */
export const DEMO_PROCESSOR_LANGUAGE = 'fr';

export const DEMO_SUBPROCESSORS: SubprocessorEntry[] = [
  {
    id: 'pipedrive',
    name: 'Pipedrive Inc.',
    address: '460 Park Avenue South, New York, NY 10016, United States',
    country: 'US',
    purpose: 'Customer relationship management',
    dataCategories: ['contact data of client staff'],
    safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-2026-04 Pipedrive' },
  },
  {
    id: 'ovhcloud',
    name: 'OVH SAS (OVHcloud)',
    address: '2 rue Kellermann, 59100 Roubaix, France',
    country: 'FR',
    purpose: 'Hosting of the application and its databases (EU datacenter)',
    safeguard: { type: 'eea' },
    scopes: ['eu-datacenter'],
  },
  {
    id: 'aws-us-east',
    name: 'Amazon Web Services, Inc.',
    address: '410 Terry Avenue North, Seattle, WA 98109, United States',
    country: 'US',
    purpose: 'Hosting of the application and its databases (US datacenter, for clients who choose it)',
    safeguard: { type: 'adequacy', dpfCertified: true },
    scopes: ['us-datacenter'],
  },
  {
    id: 'ionos',
    name: 'IONOS SARL',
    address: '7 place de la Gare, 57200 Sarreguemines, France',
    country: 'FR',
    purpose: 'Backup hosting',
    safeguard: { type: 'eea' },
  },
  {
    id: 'sentry',
    name: 'Functional Software, Inc. (Sentry)',
    address: '45 Fremont Street, 8th Floor, San Francisco, CA 94105, United States',
    country: 'US',
    purpose: 'Application error monitoring',
    safeguard: { type: 'adequacy', dpfCertified: true },
  },
  {
    id: 'hubspot',
    name: 'HubSpot, Inc.',
    address: '2 Canal Park, Cambridge, MA 02141, United States',
    country: 'US',
    purpose: 'Marketing e-mails and newsletters',
    safeguard: { type: 'adequacy', dpfCertified: true },
  },
  {
    id: 'zendesk',
    name: 'Zendesk, Inc.',
    address: '989 Market Street, San Francisco, CA 94103, United States',
    country: 'US',
    purpose: 'Customer support ticketing',
    safeguard: { type: 'bcr', approvalReference: 'Zendesk processor BCRs', tiaReference: 'TIA-2026-05 Zendesk' },
  },
  {
    id: 'brevo',
    name: 'Sendinblue SAS (Brevo)',
    address: '106 boulevard Haussmann, 75008 Paris, France',
    country: 'FR',
    purpose: 'Transactional e-mails to users',
    safeguard: { type: 'eea' },
    subprocessors: [
      {
        id: 'aws',
        name: 'Amazon Web Services, Inc.',
        address: '410 Terry Avenue North, Seattle, WA 98109, United States',
        country: 'US',
        purpose: 'E-mail sending infrastructure',
        safeguard: { type: 'adequacy', dpfCertified: true },
      },
    ],
  },
];

/**
 * The French clients use the EU datacenter and read French (the vendor's default); the English-speaking
 * one chose the US datacenter and reads English, so a change of the US hosting reaches it alone (scopes).
 */
export const DEMO_CLIENTS = [
  {
    name: 'Cabinet Durand Avocats (demo)',
    notifyEmails: ['dpo@durand-avocats.example'],
    noticePeriodDays: 15,
    scopes: ['eu-datacenter'],
  },
  {
    name: 'Étude Martin Notaires (demo)',
    notifyEmails: ['rgpd@etude-martin.example', 'direction@etude-martin.example'],
    noticePeriodDays: 30,
    scopes: ['eu-datacenter'],
  },
  {
    name: 'Harbor Legal LLP (demo)',
    notifyEmails: ['privacy@harbor-legal.example'],
    noticePeriodDays: 15,
    scopes: ['us-datacenter'],
    language: 'en',
  },
];
